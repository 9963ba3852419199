package io.pbxbridge.bridge.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.apache.kafka.common.KafkaFuture;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Bridges Kafka client futures to Vert.x futures without blocking any thread. */
final class KafkaFutures {
    private KafkaFutures() {
    }

    /** Completes on {@code context} (Kafka completes its futures on its own network thread). */
    static <T> Future<T> toVertx(KafkaFuture<T> future, Context context) {
        return Future.fromCompletionStage(future.toCompletionStage(), context);
    }

    /** The Kafka exception behind the wrappers added by futures and completion stages. */
    static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
