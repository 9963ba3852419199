package io.pbxbridge.bridge.status;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The newest {@code capacity} items, oldest dropped first. Thread-safe; copies out, never exposes its storage. */
final class Ring<T> {
    private final int capacity;
    private final ArrayDeque<T> items;

    Ring(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
    }

    synchronized void add(T item) {
        if (items.size() == capacity) {
            items.removeFirst();
        }
        items.addLast(item);
    }

    /** Oldest first. */
    synchronized List<T> snapshot() {
        return new ArrayList<>(items);
    }

    /** Newest first. */
    synchronized List<T> newestFirst() {
        List<T> out = new ArrayList<>(items.size());
        items.descendingIterator().forEachRemaining(out::add);
        return out;
    }

    int capacity() {
        return capacity;
    }
}
