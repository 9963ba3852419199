package io.pbxbridge.connector.yeastar.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Keeps the last N requests the simulator answered so tests can assert on what a client sent.
 * Thread-safe: the simulator records on its event loop while tests read from their own thread.
 */
public final class RequestRecorder {
    static final String MASK = "****";

    private final Vertx vertx;
    private final int capacity;
    private final ArrayDeque<RecordedRequest> requests = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(String endpoint, Promise<RecordedRequest> promise, long timerId) { }

    RequestRecorder(Vertx vertx, int capacity) {
        this.vertx = vertx;
        this.capacity = capacity;
    }

    void record(RecordedRequest request) {
        List<Waiter> woken = new ArrayList<>();
        synchronized (this) {
            if (requests.size() == capacity) {
                requests.removeFirst();
            }
            requests.addLast(request);
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.endpoint.equals(request.endpoint())) {
                    it.remove();
                    woken.add(w);
                }
            }
        }
        for (Waiter w : woken) {
            vertx.cancelTimer(w.timerId);
            w.promise.tryComplete(request);
        }
    }

    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<RecordedRequest> requestsTo(String endpoint) {
        return requests.stream().filter(r -> r.endpoint().equals(endpoint)).toList();
    }

    public synchronized void clear() {
        requests.clear();
    }

    /**
     * The earliest recorded request to {@code endpoint} still held (since the last {@link #clear()}),
     * or the next one to arrive; fails with {@link TimeoutException} after {@code timeout}.
     */
    public Future<RecordedRequest> await(String endpoint, Duration timeout) {
        Promise<RecordedRequest> promise = Promise.promise();
        synchronized (this) {
            for (RecordedRequest r : requests) {
                if (r.endpoint().equals(endpoint)) {
                    return Future.succeededFuture(r);
                }
            }
            long[] timer = new long[1];
            timer[0] = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
                synchronized (this) {
                    waiters.removeIf(w -> w.timerId == timer[0]);
                }
                promise.tryFail(new TimeoutException("no request to " + endpoint + " within " + timeout));
            });
            waiters.add(new Waiter(endpoint, promise, timer[0]));
        }
        return promise.future();
    }
}
