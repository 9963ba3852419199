package io.pbxbridge.connector.yeastar.report;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A JSON object as an ordered multimap: every key occurrence is kept, in document order. Lookups by
 * key return the first occurrence; {@link #all(String)} returns every one.
 */
public final class ReportObject implements ReportValue {
    private final List<Map.Entry<String, ReportValue>> entries;
    /** The keys' hash codes, compared before the keys themselves: lookups run a dozen times per report. */
    private final int[] hashes;

    public ReportObject(List<Map.Entry<String, ReportValue>> entries) {
        this.entries = List.copyOf(entries);
        this.hashes = new int[this.entries.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = this.entries.get(i).getKey().hashCode();
        }
    }

    public List<Map.Entry<String, ReportValue>> entries() {
        return entries;
    }

    /** Whether the entry at {@code index} has the key {@code key}, whose hash code is {@code keyHash}. */
    boolean keyAt(int index, String key, int keyHash) {
        return hashes[index] == keyHash && entries.get(index).getKey().equals(key);
    }

    // Plain loops, not streams: these run a dozen times for every report the ingress takes.

    public boolean has(String key) {
        return firstOrNull(key) != null;
    }

    public Optional<ReportValue> first(String key) {
        return Optional.ofNullable(firstOrNull(key));
    }

    public List<ReportValue> all(String key) {
        List<ReportValue> values = new ArrayList<>(2);
        for (Map.Entry<String, ReportValue> e : entries) {
            if (e.getKey().equals(key)) {
                values.add(e.getValue());
            }
        }
        return List.copyOf(values);
    }

    /** Text of the first occurrence of {@code key} when it is a scalar; null when absent, null or not a scalar. */
    public String text(String key) {
        ReportValue value = firstOrNull(key);
        return value == null ? null : value.text();
    }

    private ReportValue firstOrNull(String key) {
        int hash = key.hashCode();
        for (int i = 0; i < hashes.length; i++) {
            if (keyAt(i, key, hash)) {
                return entries.get(i).getValue();
            }
        }
        return null;
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
    public boolean equals(Object o) {
        return o instanceof ReportObject other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "ReportObject[entries=" + entries + "]";
    }

    @Override
    public String toJson() {
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        return entries.stream()
                .map(e -> "\"" + new String(enc.quoteAsString(e.getKey())) + "\":" + e.getValue().toJson())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
