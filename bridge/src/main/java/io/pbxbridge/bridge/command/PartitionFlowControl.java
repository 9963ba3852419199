package io.pbxbridge.bridge.command;

import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Flow control: while a PBX's backlog is full, the partition its commands come from is paused; it resumes
 * when every PBX that paused it has drained to half its backlog. Uses the Vert.x consumer's partition
 * pause/resume (never the ReadStream's pause: the consumer keeps polling, so the group stays stable and
 * the other partitions keep flowing). Kafka keeps what is not fetched, so nothing is dropped.
 *
 * <p>Not thread-safe: use it from the command consumer's context.
 */
final class PartitionFlowControl {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionFlowControl.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final PartitionCommits partitions;
    private final ConsumerPhase phase;
    /** Paused partition → the PBXes whose full backlog paused it. */
    private final Map<Integer, Set<String>> pausedBy = new HashMap<>();
    private final Map<String, Integer> partitionOfPbx = new HashMap<>();

    PartitionFlowControl(KafkaConsumer<String, byte[]> consumer, String topic, PartitionCommits partitions,
                         ConsumerPhase phase) {
        this.consumer = consumer;
        this.topic = topic;
        this.partitions = partitions;
        this.phase = phase;
    }

    /** A command of {@code pbxId} came from {@code partition}: a full backlog of that PBX pauses it. */
    void commandFrom(String pbxId, int partition) {
        partitionOfPbx.put(pbxId, partition);
    }

    /** A PBX's backlog is full: pause the partition its commands come from until the lane drains. */
    void backlogFull(PbxCommandLane lane) {
        String pbxId = lane.pbxId();
        Integer partition = partitionOfPbx.get(pbxId);
        if (partition == null || !partitions.isAssigned(partition)) {
            return;
        }
        Set<String> by = pausedBy.computeIfAbsent(partition, k -> new HashSet<>());
        boolean first = by.isEmpty();
        by.add(pbxId);
        if (first) {
            LOG.info("PBX {} backlog full ({}): pausing {}/{}", pbxId, lane.size(), topic, partition);
            consumer.pause(new TopicPartition(topic, partition));
        }
        lane.onDrained(() -> resumeFor(pbxId));
    }

    /** Partitions that left: their pauses are the next owner's business. */
    void forget(Collection<Integer> gone) {
        gone.forEach(pausedBy::remove);
    }

    /** Partitions paused now (the {@code pbx_command_partitions_paused} gauge). */
    int paused() {
        return pausedBy.size();
    }

    private void resumeFor(String pbxId) {
        for (var it = pausedBy.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().remove(pbxId) && e.getValue().isEmpty()) {
                it.remove();
                if (!phase.stopping() && partitions.isAssigned(e.getKey())) {
                    LOG.info("PBX {} backlog drained: resuming {}/{}", pbxId, topic, e.getKey());
                    consumer.resume(new TopicPartition(topic, e.getKey()));
                }
            }
        }
    }
}
