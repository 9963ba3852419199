package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * Completes a sink's acknowledgement on the caller's Vert.x context. A Kafka-backed sink may complete
 * on a producer thread; the publisher and the CDR poller keep unsynchronized state that must only be
 * touched from their own context.
 */
public final class OnContextSink implements EventSink {
    private final EventSink delegate;

    private OnContextSink(EventSink delegate) {
        this.delegate = delegate;
    }

    public static EventSink wrap(EventSink sink) {
        return sink instanceof OnContextSink ? sink : new OnContextSink(sink);
    }

    @Override
    public Future<Void> publish(List<NormalizedRecord> records) {
        Context caller = Vertx.currentContext();
        if (caller == null) {
            return delegate.publish(records);
        }
        Promise<Void> done = Promise.promise();
        delegate.publish(records).onComplete(ar -> {
            if (Vertx.currentContext() == caller) {
                done.handle(ar);
            } else {
                caller.runOnContext(v -> done.handle(ar));
            }
        });
        return done.future();
    }
}
