package io.pbxbridge.connector.grandstream.events;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A JSON object of a UCM message as the plain reader builds it: keys and values side by side in insertion
 * order, found by a scan of the keys' hash codes. A frame's objects have a handful of keys (an
 * ActiveCallStatus item 18) that are read a few times each, so a scan costs less than a LinkedHashMap's
 * table and an entry per key. Iterates in insertion order, like the LinkedHashMap Vert.x builds; a full
 * {@link Map} (Vert.x's {@code JsonObject} wraps it; puts and removes write through).
 */
final class FrameMap extends AbstractMap<String, Object> {
    private String[] keys;
    private int[] hashes;
    private Object[] values;
    private int size;
    private int modifications;
    /**
     * A bit per key hash (mod 64) ever added: a key whose bit is clear is surely new, so reading an object
     * (18 keys) checks for a repeated key without scanning the keys before it at every key.
     */
    private long hashBits;

    FrameMap(int capacity) {
        keys = new String[capacity];
        hashes = new int[capacity];
        values = new Object[capacity];
    }

    /** Adds an entry for a key not yet here; false (nothing changed) when the key is already here. */
    boolean addNew(String key, Object value) {
        if ((hashBits & (1L << key.hashCode())) != 0 && indexOf(key) >= 0) {
            return false;
        }
        append(key, value);
        return true;
    }

    private int indexOf(Object key) {
        if (key == null) {
            return -1;
        }
        int hash = key.hashCode();
        int[] h = hashes;
        for (int i = 0; i < size; i++) {
            if (h[i] == hash && key.equals(keys[i])) {
                return i;
            }
        }
        return -1;
    }

    private void append(String key, Object value) {
        if (size == keys.length) {
            int capacity = Math.max(8, size * 3); // an ActiveCallStatus item (18 keys) grows once
            keys = Arrays.copyOf(keys, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        keys[size] = key;
        hashes[size] = key.hashCode();
        hashBits |= 1L << hashes[size];
        values[size] = value;
        size++;
        modifications++;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object put(String key, Object value) {
        Objects.requireNonNull(key, "key"); // (a JSON object's keys are strings)
        int i = indexOf(key);
        if (i >= 0) {
            Object old = values[i];
            values[i] = value;
            return old;
        }
        append(key, value);
        return null;
    }

    @Override
    public Object remove(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        Object old = values[i];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        int tail = size - i - 1;
        System.arraycopy(keys, i + 1, keys, i, tail);
        System.arraycopy(hashes, i + 1, hashes, i, tail);
        System.arraycopy(values, i + 1, values, i, tail);
        size--;
        keys[size] = null;
        values[size] = null;
        modifications++;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        modifications++;
    }

    @Override
    public int size() {
        return size;
    }

    /** In insertion order, straight from the arrays (how a frame's items are read: no entry objects). */
    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        int expected = modifications;
        for (int i = 0; i < size && expected == modifications; i++) {
            action.accept(keys[i], values[i]);
        }
        if (expected != modifications) {
            throw new ConcurrentModificationException();
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Entries in insertion order; {@code setValue} and {@code remove} write through. */
    private final class Entries implements Iterator<Entry<String, Object>> {
        private int next;
        private int last = -1;
        private int expected = modifications;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Entry<String, Object> next() {
            if (expected != modifications) {
                throw new ConcurrentModificationException();
            }
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new At(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (expected != modifications) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expected = modifications;
        }
    }

    /** The entry at an index (valid until the map is changed other than through it). */
    private final class At implements Entry<String, Object> {
        private final int index;

        At(int index) {
            this.index = index;
        }

        @Override
        public String getKey() {
            return keys[index];
        }

        @Override
        public Object getValue() {
            return values[index];
        }

        @Override
        public Object setValue(Object value) {
            Object old = values[index];
            values[index] = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry<?, ?> e && Objects.equals(getKey(), e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
