package io.pbxbridge.connector.spi;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The single-threaded heart of a PBX session: one Vert.x context every session method runs on, and
 * one pending timer (the next login attempt, heartbeat or refresh — a new one replaces the old).
 * Once stopped, no timer fires again.
 */
public final class SessionLoop {
    private final Vertx vertx;
    private Context context;
    private long timerId = -1;
    private boolean stopped;

    public SessionLoop(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Binds the loop to the caller's context (the session verticle's); call from {@code start()}. */
    public void bind() {
        context = vertx.getOrCreateContext();
    }

    public boolean bound() {
        return context != null;
    }

    /** Runs {@code action} on the session's context and passes its result back to the caller. */
    public <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (Vertx.currentContext() == context) {
            return action.get();
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    /** Completes on the session's context, whatever thread {@code f} completes on. */
    public <T> Future<T> resume(Future<T> f) {
        Promise<T> promise = Promise.promise();
        f.onComplete(ar -> {
            if (Vertx.currentContext() == context) {
                promise.handle(ar);
            } else {
                context.runOnContext(v -> promise.handle(ar));
            }
        });
        return promise.future();
    }

    public void run(Runnable action) {
        context.runOnContext(v -> action.run());
    }

    /** Replaces the pending timer with {@code action} after {@code delay}. */
    public void schedule(Duration delay, Runnable action) {
        cancel();
        timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            timerId = -1;
            if (!stopped) {
                action.run();
            }
        });
    }

    public void cancel() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    /** No timer fires after this. */
    public void stop() {
        stopped = true;
        cancel();
    }

    public boolean stopped() {
        return stopped;
    }
}
