package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Bounded log of every {@code /api} request (oldest dropped first), for tests and diagnostics. Thread-safe:
 * the simulator writes on its event loop, tests read from their own threads.
 */
public final class RequestRecorder {
    static final String MASK = "******";
    private static final Set<String> SECRET_KEYS = Set.of("cookie", "token", "secret", "password", "vmsecret",
            "user_password", "user_outrt_passwd", "pin", "ldap_sync_passwd", "authid_password");

    private record Waiter(String action, Promise<RecordedRequest> promise, long timerId) {
    }

    private final Vertx vertx;
    private final int capacity;
    private final ArrayDeque<RecordedRequest> log = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();

    RequestRecorder(Vertx vertx, int capacity) {
        this.vertx = vertx;
        this.capacity = capacity;
    }

    /** A copy of {@code request} with credentials masked. */
    static JsonObject mask(JsonObject request) {
        JsonObject copy = request == null ? new JsonObject() : request.copy();
        for (String key : copy.fieldNames()) {
            if (SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT)) && copy.getValue(key) != null) {
                copy.put(key, MASK);
            }
        }
        return copy;
    }

    void record(RecordedRequest r) {
        List<Waiter> woken = new ArrayList<>();
        synchronized (this) {
            if (log.size() == capacity) {
                log.removeFirst();
            }
            log.addLast(r);
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.action().equals(r.action())) {
                    it.remove();
                    woken.add(w);
                }
            }
        }
        for (Waiter w : woken) {
            vertx.cancelTimer(w.timerId());
            w.promise().tryComplete(r);
        }
    }

    /** Every recorded request, oldest first. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(log);
    }

    /** Recorded requests of one action (exact, case-sensitive name as on the wire). */
    public synchronized List<RecordedRequest> requestsFor(String action) {
        return log.stream().filter(r -> r.action().equals(action)).toList();
    }

    /**
     * The first recorded request of {@code action} (already recorded since the last {@link #clearRequests()},
     * or arriving within {@code timeout}); fails with {@link TimeoutException} otherwise.
     */
    public Future<RecordedRequest> awaitRequest(String action, Duration timeout) {
        Promise<RecordedRequest> promise = Promise.promise();
        synchronized (this) {
            for (RecordedRequest r : log) {
                if (r.action().equals(action)) {
                    return Future.succeededFuture(r);
                }
            }
            long[] id = new long[1];
            id[0] = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
                synchronized (this) {
                    waiters.removeIf(w -> w.timerId() == id[0]);
                }
                promise.tryFail(new TimeoutException("no " + action + " request within " + timeout));
            });
            waiters.add(new Waiter(action, promise, id[0]));
        }
        return promise.future();
    }

    public synchronized void clearRequests() {
        log.clear();
    }
}
