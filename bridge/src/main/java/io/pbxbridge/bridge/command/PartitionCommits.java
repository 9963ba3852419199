package io.pbxbridge.bridge.command;

import io.pbxbridge.connector.spi.RateLimitedLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command partitions assigned here and how far each is done: a record's offset is tracked when it is
 * fetched and marked done once its result is on Kafka; done offsets are committed every
 * {@code commitInterval} (and on revocation and stop), never past a record still in flight
 * ({@link PartitionProgress}). Partitions being handed over are committed by the rebalance callback
 * instead, with the offsets {@link #handOver} returns.
 *
 * <p>Not thread-safe: use it from the command consumer's context.
 */
final class PartitionCommits {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionCommits.class);
    private final RateLimitedLog probeLog = RateLimitedLog.warn(LOG);

    private final Vertx vertx;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String committer;
    private final Duration commitInterval;
    private final GroupLease lease;
    private final Set<Integer> assigned = new TreeSet<>();
    private final Map<Integer, PartitionProgress> progress = new HashMap<>();
    private boolean commitScheduled;

    /**
     * @param committer written as the commits' metadata (the instance id)
     * @param lease     renewed by every commit the coordinator accepts; its probes are commits from here
     */
    PartitionCommits(Vertx vertx, KafkaConsumer<String, byte[]> consumer, String topic, String committer,
                     Duration commitInterval, GroupLease lease) {
        this.vertx = vertx;
        this.consumer = consumer;
        this.topic = topic;
        this.committer = committer;
        this.commitInterval = commitInterval;
        this.lease = lease;
        lease.probeWith(this::probe);
    }

    /** Partitions newly assigned start with nothing in flight. */
    void assigned(Collection<Integer> partitions) {
        for (int n : partitions) {
            if (assigned.add(n)) {
                progress.put(n, new PartitionProgress());
            }
        }
    }

    /** Partitions gone (Vert.x's revocation handler, after the hand-over): forgotten. */
    void revoked(Collection<Integer> partitions) {
        assigned.removeAll(partitions);
        partitions.forEach(progress::remove);
    }

    boolean isAssigned(int partition) {
        return assigned.contains(partition);
    }

    /** A sorted copy (stable logs). */
    Set<Integer> assigned() {
        return Collections.unmodifiableSet(new TreeSet<>(assigned));
    }

    /**
     * Registers a fetched record. False when it must not be handled here: its partition is not (or no
     * longer) assigned, or the offset is a repeat (never expected: nothing here seeks back).
     */
    boolean track(int partition, long offset) {
        PartitionProgress p = progress.get(partition);
        if (p == null || !assigned.contains(partition)) {
            return false;
        }
        try {
            p.track(offset);
            return true;
        } catch (IllegalStateException e) {
            LOG.warn("Ignoring repeated delivery of {}/{}/{}", topic, partition, offset);
            return false;
        }
    }

    /** The record's result is on Kafka: its offset may be committed with the next batch. */
    void done(int partition, long offset) {
        PartitionProgress p = progress.get(partition);
        if (p == null) {
            return;
        }
        p.done(offset);
        if (!commitScheduled) {
            commitScheduled = true;
            vertx.setTimer(commitInterval.toMillis(), id -> {
                commitScheduled = false;
                commitNow();
            });
        }
    }

    /** Commits the done offsets of the assigned partitions; never fails (a failure is logged). */
    Future<Void> commitNow() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<Integer, Long> positions = new HashMap<>();
        progress.forEach((partition, p) -> {
            if (!assigned.contains(partition)) {
                return; // being handed over: committed synchronously by the rebalance callback
            }
            OptionalLong next = p.toCommit();
            if (next.isPresent()) {
                offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(next.getAsLong(), committer));
                positions.put(partition, next.getAsLong());
            }
        });
        if (offsets.isEmpty()) {
            return Future.succeededFuture();
        }
        return commit(offsets, positions).<Void>map(accepted -> null).recover(e -> {
            // Typically a rebalance in progress: the results are on Kafka; a repeat is answered from them.
            LOG.warn("Committing command offsets {} failed: {}", positions, e.toString());
            return Future.succeededFuture();
        });
    }

    /**
     * The lease's probe: commits again offsets that are safe at any time ({@link PartitionProgress#safeOffset}),
     * only to learn whether the coordinator still accepts this member. True when it did.
     */
    private Future<Boolean> probe() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<Integer, Long> positions = new HashMap<>();
        for (int partition : assigned) {
            PartitionProgress p = progress.get(partition);
            long safe = p == null ? -1 : p.safeOffset();
            if (safe >= 0) {
                offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(safe, committer));
                positions.put(partition, safe);
            }
        }
        if (offsets.isEmpty()) {
            return Future.succeededFuture(false); // nothing fetched here: no command waits for the lease either
        }
        return commit(offsets, positions).recover(e -> {
            probeLog.log("This instance could not confirm its membership of the command group ({}): its commands"
                    + " wait until it does or its partitions are taken away", e.toString());
            return Future.succeededFuture(false);
        });
    }

    private Future<Boolean> commit(Map<TopicPartition, OffsetAndMetadata> offsets, Map<Integer, Long> positions) {
        long sentAt = System.nanoTime();
        return consumer.commit(offsets).map(m -> {
            positions.forEach((partition, offset) -> {
                PartitionProgress p = progress.get(partition);
                if (p != null) {
                    p.committed(offset);
                }
            });
            lease.renewed(sentAt);
            return true;
        });
    }

    /** The partitions leave (hand-over): no more records are taken from them and no batch commits them. */
    void leaving(Collection<Integer> partitions) {
        assigned.removeAll(partitions);
    }

    /** Forgets leaving partitions and returns their committable offsets, for the rebalance callback to commit. */
    Map<Integer, Long> handOver(Collection<Integer> partitions) {
        Map<Integer, Long> offsets = new HashMap<>();
        for (int n : partitions) {
            PartitionProgress p = progress.remove(n);
            if (p != null) {
                p.toCommit().ifPresent(o -> offsets.put(n, o));
            }
        }
        return offsets;
    }
}
