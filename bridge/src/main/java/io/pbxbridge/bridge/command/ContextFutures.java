package io.pbxbridge.bridge.command;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;

/** Bringing futures back to the consumer's context, and waiting for one with a bound (one timer, no polling). */
final class ContextFutures {
    private ContextFutures() {
    }

    /** Completes on {@code context}, whatever context {@code f} completes on. */
    static <T> Future<T> on(Context context, Future<T> f) {
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> context.runOnContext(v -> p.handle(ar)));
        return p.future();
    }

    /**
     * Completes (successfully) when {@code f} completes, either way, or after {@code bound}, whichever is
     * first; {@code onTimeout} runs when the bound came first.
     */
    static Future<Void> within(Vertx vertx, Future<?> f, Duration bound, Runnable onTimeout) {
        if (f.isComplete()) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, bound.toMillis()), id -> {
            if (done.tryComplete()) {
                onTimeout.run();
            }
        });
        f.onComplete(ar -> {
            vertx.cancelTimer(timer);
            done.tryComplete();
        });
        return done.future();
    }
}
