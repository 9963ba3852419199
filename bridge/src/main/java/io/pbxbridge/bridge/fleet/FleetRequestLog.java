package io.pbxbridge.bridge.fleet;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * When the fleet's PBXes received the requests whose path ends with a given suffix ({@code simulate fleet
 * --log-requests extension/dial_outbound}): the PBX, the path, the body and the wall-clock time the request's
 * head reached the PBX, in microseconds. A benchmark in another process reads it to time the bridge's commands
 * at the PBX; the same machine's wall clock stamps the Kafka records it compares with. Bounded: the oldest
 * entries go first, and a reader that falls behind is told how many it missed. Thread-safe (every shard adds).
 */
public final class FleetRequestLog {
    /** Logs nothing. */
    public static final FleetRequestLog NONE = new FleetRequestLog("", 1);
    /** A body is cut here: the log is for small API requests. */
    static final int MAX_BODY_CHARS = 1024;

    /** One request: its number in the log, the PBX it reached, when (µs since the epoch), its path and body. */
    public record Entry(long seq, String pbxId, long receivedAtMicros, String path, String body) {
    }

    /**
     * Entries after a number.
     *
     * @param entries the entries, oldest first
     * @param next    the number to ask from next time
     * @param missed  entries after the asked number that the bound had already dropped
     */
    public record Page(List<Entry> entries, long next, long missed) {
    }

    private static final Pattern CREDENTIAL_KEY = Pattern.compile("(?i)pass|secret|token|cookie");
    private final String pathSuffix;
    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextSeq;

    /** Logs the requests whose path ends with {@code pathSuffix}, keeping the last {@code capacity}. */
    public FleetRequestLog(String pathSuffix, int capacity) {
        if (pathSuffix == null || capacity < 1) {
            throw new IllegalArgumentException("a request log needs a path suffix and a capacity of at least 1");
        }
        this.pathSuffix = pathSuffix;
        this.capacity = capacity;
    }

    /** Whether requests to {@code path} are logged. */
    public boolean logs(String path) {
        return this != NONE && path != null && path.endsWith(pathSuffix);
    }

    void add(String pbxId, long receivedAtMicros, String path, String body) {
        String kept = masked(body);
        synchronized (this) {
            if (entries.size() == capacity) {
                entries.removeFirst();
            }
            entries.addLast(new Entry(nextSeq++, pbxId, receivedAtMicros, path, kept));
        }
    }

    /** At most {@code max} entries numbered {@code after} or later. */
    public synchronized Page since(long after, int max) {
        long from = Math.max(0, after);
        long oldest = entries.isEmpty() ? nextSeq : entries.peekFirst().seq();
        long missed = Math.max(0, oldest - from);
        List<Entry> out = new ArrayList<>(Math.min(Math.max(0, max), entries.size()));
        for (Entry e : entries) {
            if (out.size() >= max) {
                break;
            }
            if (e.seq() >= from) {
                out.add(e);
            }
        }
        long next = out.isEmpty() ? Math.max(from, oldest) : out.get(out.size() - 1).seq() + 1;
        return new Page(out, next, missed);
    }

    /** The wall clock in microseconds (the JDK reads it at that resolution on Linux). */
    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * Credentials in a JSON body are not kept (a log of logins would otherwise hold their MD5): the value of every key
     * naming a password, secret, token or cookie, at any depth, is masked. Long bodies are cut.
     */
    private static String masked(String body) {
        if (body == null) {
            return "";
        }
        String text = body;
        if (CREDENTIAL_KEY.matcher(text).find()) {
            try {
                JsonObject json = new JsonObject(text);
                mask(json);
                text = json.encode();
            } catch (DecodeException | ClassCastException e) {
                text = "(not JSON, not kept: it may hold a credential)";
            }
        }
        return text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) : text;
    }

    private static void mask(Object value) {
        if (value instanceof JsonObject object) {
            for (String key : object.fieldNames()) {
                if (CREDENTIAL_KEY.matcher(key).find()) {
                    object.put(key, "****");
                } else {
                    mask(object.getValue(key));
                }
            }
        } else if (value instanceof JsonArray array) {
            array.forEach(FleetRequestLog::mask);
        }
    }
}
