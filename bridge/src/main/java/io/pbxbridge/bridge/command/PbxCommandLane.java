package io.pbxbridge.bridge.command;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The commands of one PBX: at most {@code concurrency} run at a time (default 1, which keeps them in
 * order), the rest wait in a backlog. Each PBX has its own lane, so a slow PBX only fills its own
 * backlog. The backlog bound is enforced by the caller: when {@link #full()} it stops feeding (pauses
 * the Kafka partition) and resumes once {@link #drained()} (half empty) — Kafka keeps what is not
 * fetched, so nothing is dropped; at most one fetched batch ({@code max.poll.records}) overshoots.
 *
 * <p>Configuration commands may overlap each other (up to {@link #MAX_OVERLAPPING}) while the
 * running ones are all configuration commands too: a PBX that applies configuration in one batch
 * (Grandstream {@code applyChanges}) can then coalesce a burst of changes into one apply. Tasks still
 * start strictly in order, and nothing overlaps a call-control command.
 *
 * <p>Not thread-safe: use it from one Vert.x context.
 */
public final class PbxCommandLane {
    /** How many configuration commands of one PBX may be in flight together. */
    public static final int MAX_OVERLAPPING = 16;

    private final String pbxId;
    private final int concurrency;
    private final int capacity;
    private final ArrayDeque<Queued<?>> backlog = new ArrayDeque<>();
    private int running;
    private int runningOverlappable;
    private Runnable onDrained = () -> { };
    /** Told once nothing runs any more (hand-over and stop wait on this instead of polling). */
    private final List<Promise<Void>> nothingRunning = new ArrayList<>();

    public PbxCommandLane(String pbxId, int concurrency, int capacity) {
        if (concurrency < 1 || capacity < 1) {
            throw new IllegalArgumentException("lane concurrency and capacity must be >= 1");
        }
        this.pbxId = pbxId;
        this.concurrency = concurrency;
        this.capacity = capacity;
    }

    /** Called whenever a task finishes and the lane is {@link #drained()}. */
    public void onDrained(Runnable onDrained) {
        this.onDrained = onDrained;
    }

    /**
     * Queues a task; it starts when a slot is free. The returned future completes with the task's
     * result (or fails when the task throws or fails, or when {@link #clear} drops it).
     */
    public <T> Future<T> submit(Supplier<Future<T>> task) {
        return submit(task, false);
    }

    /** @param overlappable true for a configuration command (see the class comment) */
    public <T> Future<T> submit(Supplier<Future<T>> task, boolean overlappable) {
        Queued<T> q = new Queued<>(task, Promise.promise(), overlappable);
        backlog.addLast(q);
        startNext();
        return q.promise().future();
    }

    /** Commands waiting or running. */
    public int size() {
        return backlog.size() + running;
    }

    public int running() {
        return running;
    }

    public int waiting() {
        return backlog.size();
    }

    public boolean full() {
        return size() >= capacity;
    }

    /** Half empty again: resuming only then keeps a busy PBX from pausing and resuming its partition per command. */
    public boolean drained() {
        return size() <= capacity / 2;
    }

    public boolean idle() {
        return size() == 0;
    }

    /** Completes once no task of this lane is running (at once when none is); waiting tasks do not count. */
    public Future<Void> whenNothingRunning() {
        if (running == 0) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        nothingRunning.add(p);
        return p.future();
    }

    public String pbxId() {
        return pbxId;
    }

    /** Drops waiting tasks (not running ones); their futures fail with {@code reason}. Returns how many. */
    public int clear(String reason) {
        int n = backlog.size();
        Queued<?> q;
        while ((q = backlog.pollFirst()) != null) {
            q.promise().tryFail(new LaneClearedException(pbxId, reason));
        }
        return n;
    }

    private void startNext() {
        while (!backlog.isEmpty() && mayStart(backlog.peekFirst())) {
            run(backlog.pollFirst());
        }
    }

    private boolean mayStart(Queued<?> next) {
        if (running < concurrency) {
            return true;
        }
        return next.overlappable() && runningOverlappable == running && running < MAX_OVERLAPPING;
    }

    private <T> void run(Queued<T> q) {
        running++;
        if (q.overlappable()) {
            runningOverlappable++;
        }
        Future<T> f;
        try {
            f = q.task().get();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            running--;
            if (q.overlappable()) {
                runningOverlappable--;
            }
            q.promise().handle(ar);
            startNext();
            if (running == 0 && !nothingRunning.isEmpty()) {
                List<Promise<Void>> waiting = List.copyOf(nothingRunning);
                nothingRunning.clear();
                waiting.forEach(Promise::tryComplete);
            }
            if (drained()) {
                onDrained.run();
            }
        });
    }

    private record Queued<T>(Supplier<Future<T>> task, Promise<T> promise, boolean overlappable) {
    }

    /** A waiting command was dropped (partition revoked or bridge stopping); Kafka will redeliver it. */
    public static final class LaneClearedException extends RuntimeException {
        public LaneClearedException(String pbxId, String reason) {
            super("command for PBX " + pbxId + " not started: " + reason, null, false, false);
        }
    }
}
