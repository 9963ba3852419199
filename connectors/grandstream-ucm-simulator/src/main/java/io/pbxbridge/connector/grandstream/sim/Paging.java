package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The list conventions shared by every {@code list*} action of seed 004: {@code options} (comma separated
 * fields to return), {@code sidx}/{@code sord} (sort field; "asc", "acs" as the tables spell it, or
 * "desc"), {@code item_num} (page size; absent = everything on page 1) and {@code page}; the response
 * carries {@code total_item}, {@code total_page} and {@code page}.
 */
final class Paging {
    private static final Set<String> SORD = Set.of("asc", "acs", "desc");

    private Paging() {
    }

    /** Adds {@code arrayKey}, {@code page}, {@code total_item}, {@code total_page} to {@code response}. */
    static JsonObject page(ApiParams p, List<JsonObject> rows, String arrayKey, JsonObject response) {
        List<JsonObject> selected = select(p, rows);
        Integer itemNum = p.optionalInt("item_num", 1, 100_000);
        int page = p.optionalInt("page", 1, 1_000_000) == null ? 1 : p.optionalInt("page", 1, 1_000_000);
        int total = selected.size();
        int size = itemNum == null ? Math.max(total, 1) : itemNum;
        int totalPages = Math.max(1, (total + size - 1) / size);
        int from = Math.min(total, (page - 1) * size);
        int to = Math.min(total, from + size);
        JsonArray array = new JsonArray();
        selected.subList(from, to).forEach(array::add);
        return response.put(arrayKey, array).put("page", page).put("total_item", total).put("total_page", totalPages);
    }

    /** Sorting and {@code options} projection, without paging (listUser answers a bare array). */
    static List<JsonObject> select(ApiParams p, List<JsonObject> rows) {
        String sidx = p.optional("sidx");
        String sord = p.optionalOneOf("sord", SORD);
        List<JsonObject> sorted = new ArrayList<>(rows);
        if (sidx != null) {
            Comparator<JsonObject> cmp = (a, b) -> compare(a.getValue(sidx), b.getValue(sidx));
            sorted.sort("desc".equals(sord) ? cmp.reversed() : cmp);
        } else if ("desc".equals(sord)) {
            java.util.Collections.reverse(sorted);
        }
        String options = p.optional("options");
        if (options == null) {
            return sorted.stream().map(JsonObject::copy).toList();
        }
        Set<String> fields = new LinkedHashSet<>();
        for (String f : options.split(",")) {
            if (!f.isBlank()) {
                fields.add(f.trim());
            }
        }
        List<JsonObject> projected = new ArrayList<>(sorted.size());
        for (JsonObject row : sorted) {
            JsonObject out = new JsonObject();
            for (String f : fields) {
                // Unknown options are returned as null rather than refused: the tables list them loosely.
                out.put(f, row.getValue(f));
            }
            projected.add(out);
        }
        return projected;
    }

    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        String sa = String.valueOf(a);
        String sb = String.valueOf(b);
        try {
            return Long.compare(Long.parseLong(sa), Long.parseLong(sb));
        } catch (NumberFormatException e) {
            return sa.compareTo(sb);
        }
    }
}
