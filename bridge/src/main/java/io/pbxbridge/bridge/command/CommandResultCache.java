package io.pbxbridge.bridge.command;

import io.pbxbridge.schema.CommandResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The results of recent commands, so a repeated {@code command_id} is answered from the record instead
 * of calling the PBX again. Bounded twice: entries older than the window expire, and past
 * {@code maxEntries} the least recently used entry goes. A command id is scoped to its PBX (the key is
 * {@code pbxId/commandId}), because ownership, and so this cache, is per PBX.
 *
 * <p>Thread-safe (warming may fill it from another context), but cheap: one lock, O(1) operations.
 */
public final class CommandResultCache {
    /** Longest {@code response_json} kept for a replay. */
    public static final int MAX_KEPT_RESPONSE_CHARS = 16 * 1024;

    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries;

    public CommandResultCache(Duration window, int maxEntries, Clock clock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("result window must be positive, was " + window);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("result cache max entries must be >= 1, was " + maxEntries);
        }
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > CommandResultCache.this.maxEntries;
            }
        };
    }

    /** The recorded result of {@code commandId} on {@code pbxId}, if recorded within the window. */
    public synchronized Optional<CommandResult> get(String pbxId, String commandId) {
        String key = key(pbxId, commandId);
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (expired(e, clock.instant())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(e.result());
    }

    /**
     * Records a result; the window starts at its {@code completed_at} (so warmed entries age correctly).
     * A {@code response_json} longer than {@link #MAX_KEPT_RESPONSE_CHARS} (a big query answer) is not
     * kept, so the cache's memory stays bounded by its entry count; the replay says so in its reason.
     */
    public synchronized void put(CommandResult result) {
        if (result.getResponseJson() != null && result.getResponseJson().length() > MAX_KEPT_RESPONSE_CHARS) {
            result = CommandResult.newBuilder(result).setResponseJson(null)
                    .setReason(appendReason(result.getReason(), "response_json (" + result.getResponseJson().length()
                            + " characters) is not kept for replays"))
                    .build();
        }
        Instant at = result.getCompletedAt() == null ? clock.instant() : result.getCompletedAt();
        Entry e = new Entry(result, at);
        if (expired(e, clock.instant())) {
            return;
        }
        entries.put(key(result.getPbxId(), result.getCommandId()), e);
    }

    /** Drops expired entries; called periodically so an idle cache does not hold old results. */
    public synchronized int evictExpired() {
        Instant now = clock.instant();
        int removed = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (expired(it.next(), now)) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    public synchronized int size() {
        return entries.size();
    }

    public Duration window() {
        return window;
    }

    private boolean expired(Entry e, Instant now) {
        return e.recordedAt().plus(window).isBefore(now);
    }

    private static String appendReason(String reason, String note) {
        return reason == null || reason.isBlank() ? note : reason + "; " + note;
    }

    private static String key(String pbxId, String commandId) {
        return pbxId + "/" + commandId;
    }

    private record Entry(CommandResult result, Instant recordedAt) {
    }
}
