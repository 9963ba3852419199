package io.pbxbridge.connector.yeastar.report;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A JSON object as an ordered multimap: every key occurrence is kept, in document order. Lookups by
 * key return the first occurrence; {@link #all(String)} returns every one.
 */
public record ReportObject(List<Map.Entry<String, ReportValue>> entries) implements ReportValue {

    public ReportObject {
        entries = List.copyOf(entries);
    }

    public boolean has(String key) {
        return entries.stream().anyMatch(e -> e.getKey().equals(key));
    }

    public Optional<ReportValue> first(String key) {
        return entries.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).findFirst();
    }

    public List<ReportValue> all(String key) {
        return entries.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).toList();
    }

    /** Text of the first occurrence of {@code key} when it is a scalar; null when absent, null or not a scalar. */
    public String text(String key) {
        return first(key).map(ReportValue::text).orElse(null);
    }

    /** Like {@link #text(String)} but blank text counts as absent (Yeastar sends "" for "none"). */
    public String nonBlank(String key) {
        String t = text(key);
        return t == null || t.isBlank() ? null : t;
    }

    /** The first of the keys that has non-blank text (for fields the PBX spells several ways). */
    public String nonBlankOf(String... keys) {
        for (String key : keys) {
            String t = nonBlank(key);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    public Optional<ReportObject> object(String key) {
        return first(key).filter(ReportObject.class::isInstance).map(ReportObject.class::cast);
    }

    public Optional<ReportArray> array(String key) {
        return first(key).filter(ReportArray.class::isInstance).map(ReportArray.class::cast);
    }

    @Override
    public String toJson() {
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        return entries.stream()
                .map(e -> "\"" + new String(enc.quoteAsString(e.getKey())) + "\":" + e.getValue().toJson())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
