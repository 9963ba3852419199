package io.pbxbridge.connector.yeastar.sim;

import io.vertx.core.json.Json;

import java.util.List;

/**
 * Writes a JSON object as text in insertion order, allowing a key to repeat. The v1.0.0 report format
 * repeats {@code "ext"} for two parties, which no JSON object model can hold, so reports are
 * rendered as text.
 */
final class JsonText {
    private final StringBuilder sb = new StringBuilder("{");
    private boolean first = true;

    static JsonText object() {
        return new JsonText();
    }

    JsonText put(String key, String value) {
        return putRaw(key, value == null ? "\"\"" : Json.encode(value));
    }

    JsonText putIfNotNull(String key, String value) {
        return value == null ? this : put(key, value);
    }

    JsonText putRaw(String key, String rawJson) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        sb.append(Json.encode(key)).append(':').append(rawJson);
        return this;
    }

    static String array(List<String> rawElements) {
        return "[" + String.join(",", rawElements) + "]";
    }

    String text() {
        return sb + "}";
    }

    @Override
    public String toString() {
        return text();
    }
}
