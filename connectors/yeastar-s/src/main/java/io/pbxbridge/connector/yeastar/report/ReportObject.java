package io.pbxbridge.connector.yeastar.report;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A JSON object as an ordered multimap: every key occurrence is kept, in document order. Lookups by
 * key return the first occurrence; {@link #all(String)} returns every one.
 */
public final class ReportObject implements ReportValue {
    // Keys and values side by side rather than a list of entries: one is read for every report. The arrays
    // may be longer than the object (the reader's, handed over without a copy): entries are [0, size).
    private final String[] keys;
    private final ReportValue[] values;
    private final int size;
    /** The keys' hash codes, compared before the keys themselves: lookups run a dozen times per report. */
    private final int[] hashes;
    /** {@link #entries()}, made when first asked for. */
    private List<Map.Entry<String, ReportValue>> entries;

    public ReportObject(List<Map.Entry<String, ReportValue>> entries) {
        this(entries.stream().map(Map.Entry::getKey).toArray(String[]::new),
                entries.stream().map(Map.Entry::getValue).toArray(ReportValue[]::new));
    }

    /** Takes the arrays (not copied): key {@code i} has value {@code i}. */
    ReportObject(String[] keys, ReportValue[] values) {
        this(keys, values, keys.length);
    }

    /** Takes the arrays (not copied), whose first {@code size} entries are the object's. */
    ReportObject(String[] keys, ReportValue[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.hashes = new int[size];
        for (int i = 0; i < size; i++) {
            hashes[i] = keys[i].hashCode();
        }
    }

    public List<Map.Entry<String, ReportValue>> entries() {
        List<Map.Entry<String, ReportValue>> list = entries;
        if (list == null) {
            @SuppressWarnings("unchecked")
            Map.Entry<String, ReportValue>[] array = new Map.Entry[size];
            for (int i = 0; i < array.length; i++) {
                array[i] = new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
            }
            list = List.of(array);
            entries = list;
        }
        return list;
    }

    /** How many entries (every occurrence of a repeated key counts). */
    int size() {
        return size;
    }

    String keyAt(int index) {
        return keys[index];
    }

    ReportValue valueAt(int index) {
        return values[index];
    }

    /** Objects this small (a party) are scanned: an index would cost more than it saves. */
    private static final int SCANNED = 4;
    /** Per key, its first entry (open addressing on the hash codes), made at the first lookup. */
    private int[] slots;
    /** Per entry, the next entry with the same key; -1 after the last. */
    private int[] nextSame;

    /** The index of the first entry with {@code key}; -1 when there is none. */
    int indexOf(String key) {
        int hash = key.hashCode();
        if (size <= SCANNED) {
            return scan(key, hash, 0);
        }
        if (slots == null) {
            index();
        }
        int mask = slots.length - 1;
        for (int slot = spread(hash) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            int i = slots[slot] - 1;
            if (hashes[i] == hash && keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the next entry with the same key as the entry at {@code index}; -1 when there is none. */
    int nextSame(int index) {
        if (size <= SCANNED) {
            return scan(keys[index], hashes[index], index + 1);
        }
        return nextSame[index];
    }

    private int scan(String key, int hash, int from) {
        for (int i = from; i < size; i++) {
            if (hashes[i] == hash && keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private void index() {
        int n = size;
        int[] table = new int[Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1];
        int[] next = new int[n];
        int[] last = new int[n];
        int mask = table.length - 1;
        for (int i = 0; i < n; i++) {
            next[i] = -1;
            String key = keys[i];
            int slot = spread(hashes[i]) & mask;
            while (true) {
                if (table[slot] == 0) {
                    table[slot] = i + 1;
                    last[i] = i;
                    break;
                }
                int first = table[slot] - 1;
                if (hashes[first] == hashes[i] && keys[first].equals(key)) {
                    next[last[first]] = i; // a repeated key: chained after its previous occurrence
                    last[first] = i;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        this.nextSame = next;
        this.slots = table;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
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
        for (int i = indexOf(key); i >= 0; i = nextSame(i)) {
            values.add(this.values[i]);
        }
        return List.copyOf(values);
    }

    /** Text of the first occurrence of {@code key} when it is a scalar; null when absent, null or not a scalar. */
    public String text(String key) {
        ReportValue value = firstOrNull(key);
        return value == null ? null : value.text();
    }

    /** The first occurrence of {@code key}; null when there is none. */
    ReportValue firstOrNull(String key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
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
        return o instanceof ReportObject other && Arrays.equals(keys, 0, size, other.keys, 0, other.size)
                && Arrays.equals(values, 0, size, other.values, 0, other.size);
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    @Override
    public String toString() {
        return "ReportObject[entries=" + entries() + "]";
    }

    @Override
    public String toJson() {
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        return entries().stream()
                .map(e -> "\"" + new String(enc.quoteAsString(e.getKey())) + "\":" + e.getValue().toJson())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
