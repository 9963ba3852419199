package io.pbxbridge.bridge.command;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Kafka consumer under the Vert.x one, with a synchronous hand-over on revocation.
 *
 * <p>Vert.x runs its rebalance handlers later, on the context, while the consumer has already rejoined
 * the group: the next owner could log in to a PBX before this instance logged out, and offsets of a
 * revoked partition could no longer be committed. Kafka's contract is that work done inside
 * {@link ConsumerRebalanceListener#onPartitionsRevoked} (on the polling thread) completes before the
 * partitions move. So this consumer wraps the listener Vert.x registers: on revocation it first runs
 * the {@link Handover} (stop the PBX sessions of those partitions once their running commands finished,
 * bounded) and commits the returned offsets synchronously, then lets Vert.x's listener run.
 *
 * <p>Worst case: the callback blocks the polling thread for the hand-over's bound plus
 * {@link #COMMIT_TIMEOUT}; with {@link PartitionHandover} that is {@code shutdownTimeout} + 5 s + 5 s
 * ({@link PartitionHandover#worstCase}). Heartbeats go on meanwhile (Kafka sends them from its own
 * thread); the group waits for this member up to {@code max.poll.interval.ms}.
 */
final class HandoverKafkaConsumer extends KafkaConsumer<String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(HandoverKafkaConsumer.class);
    /** Bound of the synchronous commit of a revoked partition's done offsets. */
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

    /** Work to finish before partitions leave this instance. Called on the polling thread; must bound its blocking. */
    interface Handover {
        /** @return offsets to commit for the revoked partitions (empty when nothing is done) */
        Map<TopicPartition, OffsetAndMetadata> release(Collection<TopicPartition> partitions, boolean lost);
    }

    private final Handover handover;

    HandoverKafkaConsumer(Map<String, Object> config, Handover handover) {
        super(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.handover = handover;
    }

    /**
     * Leaves the group on close even as a static member (whose default is to stay, keeping its partitions
     * until the session times out): a stopping bridge hands its PBXes over at once. A crash still keeps them
     * for the restarted instance, which rejoins under the same {@code group.instance.id}.
     */
    @Override
    public void close() {
        super.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }

    @Override
    public void close(Duration timeout) {
        super.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout));
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        super.subscribe(topics, new Wrapped(listener));
    }

    @Override
    public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        super.subscribe(pattern, new Wrapped(listener));
    }

    private final class Wrapped implements ConsumerRebalanceListener {
        private final ConsumerRebalanceListener vertx;

        Wrapped(ConsumerRebalanceListener vertx) {
            this.vertx = vertx;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> offsets = handover.release(partitions, false);
                if (!offsets.isEmpty()) {
                    try {
                        commitSync(offsets, COMMIT_TIMEOUT);
                    } catch (KafkaException e) {
                        // The results are on Kafka; a redelivered command is answered from them.
                        LOG.warn("Committing offsets of revoked command partitions {} failed: {}", offsets, e.toString());
                    }
                }
            }
            vertx.onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Already owned by someone else: stop our sessions, but a commit would be refused.
            if (!partitions.isEmpty()) {
                handover.release(partitions, true);
            }
            vertx.onPartitionsLost(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            vertx.onPartitionsAssigned(partitions);
        }
    }
}
