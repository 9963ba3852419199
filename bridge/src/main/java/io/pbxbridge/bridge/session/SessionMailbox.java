package io.pbxbridge.bridge.session;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxSession;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The records on their way to one session's {@link PbxSession#observe}, handed over on the session's
 * context in the order they were posted. Under load one task carries every record posted since the last
 * one ran, instead of a task per record (acknowledgements arrive in bursts, one per Kafka response).
 * Thread-safe; bounded by what the bridge publishes, i.e. by the ingress's in-flight limit.
 */
final class SessionMailbox {
    private final PbxSession session;
    private final Queue<NormalizedRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SessionMailbox(PbxSession session) {
        this.session = session;
    }

    /** Queues the records and makes sure a hand-over is scheduled on {@code context}. Any thread. */
    void post(Context context, List<NormalizedRecord> records) {
        queue.addAll(records);
        if (Vertx.currentContext() == context) {
            deliver(); // already on the session's context: in order with anything queued before
        } else if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> deliver());
        }
    }

    /** Hands over everything queued, oldest first. Runs on the session's context. */
    private void deliver() {
        // Cleared before draining: a record posted from now on schedules a hand-over of its own, so none
        // is left behind (at worst that hand-over finds the queue empty).
        scheduled.set(false);
        List<NormalizedRecord> batch = new ArrayList<>();
        for (NormalizedRecord r; (r = queue.poll()) != null; ) {
            batch.add(r);
        }
        if (!batch.isEmpty()) {
            session.observe(batch);
        }
    }
}
