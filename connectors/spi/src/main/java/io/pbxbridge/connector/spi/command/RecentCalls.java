package io.pbxbridge.connector.spi.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live calls a connector tracks for its commands, bounded: at most {@code maxCalls} (the least
 * recently updated goes first) and none idle longer than {@code maxAge} — an end of call that never
 * arrives must not leak memory. Not thread-safe: the owning tracker synchronizes.
 *
 * @param <V> what the connector keeps per call
 */
public final class RecentCalls<V> {
    private final int maxCalls;
    private final Duration maxAge;
    private final Clock clock;
    /** Insertion order = order of last update (an update re-inserts), so the head is the stalest call. */
    private final LinkedHashMap<String, Stamped<V>> calls = new LinkedHashMap<>();

    public RecentCalls(int maxCalls, Duration maxAge, Clock clock) {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be at least 1");
        }
        this.maxCalls = maxCalls;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The call, or null when unknown (or evicted). */
    public V get(String callId) {
        evict();
        Stamped<V> s = callId == null ? null : calls.get(callId);
        return s == null ? null : s.value();
    }

    /** Takes the call out (to update it and {@link #put} it back, or because it ended). */
    public V remove(String callId) {
        Stamped<V> s = callId == null ? null : calls.remove(callId);
        return s == null ? null : s.value();
    }

    /** Stores the call as the most recently updated one. */
    public void put(String callId, V value) {
        calls.remove(callId);
        calls.put(callId, new Stamped<>(value, clock.instant()));
        evict();
    }

    /** Every call, least recently updated first. */
    public List<V> oldestFirst() {
        evict();
        List<V> out = new ArrayList<>(calls.size());
        calls.values().forEach(s -> out.add(s.value()));
        return out;
    }

    public int size() {
        evict();
        return calls.size();
    }

    private void evict() {
        Instant oldest = clock.instant().minus(maxAge);
        Iterator<Map.Entry<String, Stamped<V>>> it = calls.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Stamped<V>> e = it.next();
            if (calls.size() > maxCalls || e.getValue().updatedAt().isBefore(oldest)) {
                it.remove();
            } else {
                break;
            }
        }
    }

    private record Stamped<V>(V value, Instant updatedAt) {
    }
}
