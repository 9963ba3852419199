package io.pbxbridge.bridge.tail;

import io.vertx.kafka.client.common.TopicPartition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides, before each poll of a tail whose visitor already holds records ({@link TopicTail.Holder}), which
 * partitions to fetch and from where, so that what the visitor holds is never fetched at all.
 *
 * <p>A partition is fetched when it has a record the holder lacks that was already there a tick ago, or when
 * the holder waits for a record there now. Records younger than a tick are left alone: on an instance that
 * writes them itself they are its own, their acknowledgements on the way, and a tick later the holder has
 * them. A fetched partition starts at the first record the holder lacks. So an instance alone (or one whose
 * PBXes post only to it) fetches nothing it wrote; a partition with records of other instances is fetched
 * from the first of them. Not thread-safe: the tail calls it from one poll at a time.
 */
final class ReadPlanner {
    /** What to do before the next poll. */
    record Plan(Set<TopicPartition> read, Map<TopicPartition, Long> seeks, Set<TopicPartition> idle) {
    }

    private final TopicTail.Holder holder;
    private final long tickNanos;
    /** The tail's next offset per partition (where its consumer stands). */
    private final Map<TopicPartition, Long> next = new HashMap<>();
    /** End offsets as of at least a tick ago, and the latest ones with the time they were taken. */
    private Map<TopicPartition, Long> settledEnds = Map.of();
    private Map<TopicPartition, Long> latestEnds = Map.of();
    private long latestAt;

    ReadPlanner(TopicTail.Holder holder, long tickNanos) {
        this.holder = holder;
        this.tickNanos = tickNanos;
    }

    /** Where the tail starts in each partition; those ends count as a tick old (nothing before them is read). */
    void start(Map<TopicPartition, Long> positions, long nowNanos) {
        next.putAll(positions);
        settledEnds = Map.copyOf(positions);
        latestEnds = settledEnds;
        latestAt = nowNanos;
    }

    /** A record was read at {@code offset}. */
    void read(TopicPartition partition, long offset) {
        next.put(partition, offset + 1);
    }

    /** @param ends every partition's end offset now */
    Plan plan(Map<TopicPartition, Long> ends, long nowNanos) {
        if (nowNanos - latestAt >= tickNanos) {
            settledEnds = latestEnds;
            latestEnds = Map.copyOf(ends);
            latestAt = nowNanos;
        }
        Set<TopicPartition> read = new HashSet<>();
        Set<TopicPartition> idle = new HashSet<>();
        Map<TopicPartition, Long> seeks = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            TopicPartition partition = e.getKey();
            long at = e.getValue();
            long end = ends.getOrDefault(partition, at);
            long held = holder.firstLacking(partition.getTopic(), partition.getPartition());
            long lacking = Math.max(at, held);
            boolean due = held < 0 // it holds nothing of this partition: read what there is
                    || holder.waitingIn(partition.getTopic(), partition.getPartition())
                    || lacking < settledEnds.getOrDefault(partition, 0L);
            if (due && end > lacking) {
                if (lacking > at) {
                    seeks.put(partition, lacking);
                    next.put(partition, lacking);
                }
                read.add(partition);
            } else {
                idle.add(partition);
            }
        }
        return new Plan(read, seeks, idle);
    }
}
