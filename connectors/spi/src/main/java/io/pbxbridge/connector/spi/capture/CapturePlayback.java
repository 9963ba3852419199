package io.pbxbridge.connector.spi.capture;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Plays a capture's inputs in order, at the recorded pace divided by {@code speed} (or as fast as possible),
 * for a simulator standing in for the recorded PBX. Each input is handed to a step that completes when it
 * is done (e.g. the report was acknowledged); the next input waits for it, then for its recorded time.
 * Lines are read on a worker thread, one at a time; steps run on the context that called {@link #start}.
 */
public final class CapturePlayback {
    /** Plays every input as soon as the previous one is done. */
    public static final double AS_FAST_AS_POSSIBLE = Double.POSITIVE_INFINITY;
    private static final Logger LOG = LoggerFactory.getLogger(CapturePlayback.class);

    private final Vertx vertx;
    private final CaptureReader reader;
    private final double speed;
    private Context context;
    private Predicate<CapturedInput> wanted;
    private Function<CapturedInput, Future<?>> step;
    private final Promise<Long> done = Promise.promise();
    private volatile boolean stopped;
    private long played;
    private Instant firstAt;
    private long startNanos;

    /** @param speed 1 = as recorded, 10 = ten times faster, {@link #AS_FAST_AS_POSSIBLE} */
    public CapturePlayback(Vertx vertx, CaptureReader reader, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive");
        }
        this.vertx = vertx;
        this.reader = reader;
        this.speed = speed;
    }

    /**
     * Starts playing the inputs {@code wanted} accepts; completes with how many were played once the file is
     * at its end (fails when it cannot be read or a step fails).
     */
    public Future<Long> start(Predicate<CapturedInput> wanted, Function<CapturedInput, Future<?>> step) {
        this.context = vertx.getOrCreateContext();
        this.wanted = wanted;
        this.step = step;
        context.runOnContext(v -> readNext());
        return done.future();
    }

    /** Stops after the current step; the future completes with what was played so far. */
    public void stop() {
        stopped = true;
    }

    private void readNext() {
        if (stopped) {
            finish();
            return;
        }
        vertx.executeBlocking(this::nextWanted, true).onComplete(ar -> {
            if (ar.failed()) {
                done.tryFail(ar.cause());
                closeQuietly();
            } else if (ar.result() == null || stopped) {
                finish();
            } else {
                schedule(ar.result());
            }
        });
    }

    private CapturedInput nextWanted() throws IOException {
        for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
            if (line instanceof CaptureLine.Input in && wanted.test(in.input())) {
                return in.input();
            }
            if (line instanceof CaptureLine.Gap gap) {
                LOG.warn("capture line {}: {} ({}): the replay is not exact past here", reader.lineNumber(), gap.what(), gap.at());
            }
        }
        return null;
    }

    private void schedule(CapturedInput input) {
        long delayMs = 0;
        if (firstAt == null) {
            firstAt = input.receivedAt();
            startNanos = System.nanoTime();
        } else if (speed != AS_FAST_AS_POSSIBLE) {
            long recordedNanos = Math.max(0, Duration.between(firstAt, input.receivedAt()).toNanos());
            long dueNanos = startNanos + (long) (recordedNanos / speed);
            delayMs = Math.max(0, (dueNanos - System.nanoTime()) / 1_000_000);
        }
        if (delayMs < 1) {
            run(input);
        } else {
            vertx.setTimer(delayMs, id -> run(input));
        }
    }

    private void run(CapturedInput input) {
        if (stopped) {
            finish();
            return;
        }
        Future<?> result;
        try {
            result = step.apply(input);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(ar -> {
            if (ar.failed()) {
                done.tryFail(ar.cause());
                closeQuietly();
                return;
            }
            played++;
            readNext();
        });
    }

    private void finish() {
        closeQuietly();
        done.tryComplete(played);
    }

    private void closeQuietly() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only file
        }
    }
}
