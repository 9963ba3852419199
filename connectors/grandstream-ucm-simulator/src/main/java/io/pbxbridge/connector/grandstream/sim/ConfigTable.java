package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One kind of configuration entry (trunks, routes, queues...), keyed by its id as a string. */
final class ConfigTable {
    private final String what;
    private final String keyField;
    private final Map<String, JsonObject> rows = new LinkedHashMap<>();

    ConfigTable(String what, String keyField) {
        this.what = what;
        this.keyField = keyField;
    }

    String keyField() {
        return keyField;
    }

    List<JsonObject> rows() {
        return new ArrayList<>(rows.values());
    }

    boolean contains(String key) {
        return key != null && rows.containsKey(key);
    }

    JsonObject get(String key) {
        JsonObject row = rows.get(key);
        if (row == null) {
            throw UcmApiException.notFound(what + " " + key);
        }
        return row;
    }

    JsonObject find(String key) {
        return rows.get(key);
    }

    void put(JsonObject row) {
        rows.put(String.valueOf(row.getValue(keyField)), row);
    }

    JsonObject remove(String key) {
        JsonObject row = rows.remove(key);
        if (row == null) {
            throw UcmApiException.notFound(what + " " + key);
        }
        return row;
    }

    boolean anyMatch(String field, Object value) {
        return rows.values().stream().anyMatch(r -> value != null && value.toString().equals(String.valueOf(r.getValue(field))));
    }

    /** Next numeric id (max + 1), for tables whose id the PBX assigns. */
    int nextIndex() {
        int max = 0;
        for (String k : rows.keySet()) {
            try {
                max = Math.max(max, Integer.parseInt(k));
            } catch (NumberFormatException ignored) {
                // non-numeric keys do not take part in numbering
            }
        }
        return max + 1;
    }

    int size() {
        return rows.size();
    }
}
