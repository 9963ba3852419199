package io.pbxbridge.bridge.session;

import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.tail.TopicTail;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RateLimitedLog;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hands the owned sessions the reports of their PBXes in the order Kafka holds them, whichever instance
 * received them, without reading back what this instance wrote.
 *
 * <p>Two sources meet here, per followed partition: the publisher's acknowledgements of this instance's
 * own records (offset known, record in hand) and the {@link ReportFollower}'s reads of the partition. A
 * partition's records are handed on in offset order: an own record whose predecessor has been handed on
 * (or skipped) goes to its session at once, from the acknowledgement; one that follows offsets not yet
 * seen — records another instance wrote — waits until the follower has read up to it, and the follower
 * is asked to read now. The follower decodes only records it has not got in hand and that belong to an
 * owned PBX. On one instance, or when every PBX posts to its owner, nothing waits and nothing is decoded.
 *
 * <p>A record is handed on when it came in as an HTTP report (what a session produced itself it has
 * already seen) and its PBX's session runs here; {@link SessionSupervisor#observe} runs it on the
 * session's context. Thread-safe: acknowledgements arrive on the producer's I/O thread, reads on the
 * follower's context; each partition has its own lock, held while a record is handed on, so the order
 * of hand-overs is the order of offsets.
 */
final class ReportHandover implements KafkaRecordPublisher.Acknowledged, TopicTail.Holder {
    private static final Logger LOG = LoggerFactory.getLogger(ReportHandover.class);
    /** Own records waiting for the follower, per partition; past this (a follower stuck) order gives way. */
    static final int MAX_WAITING = 10_000;
    /** How long an own record may wait for the follower before it is handed on regardless. */
    static final long MAX_WAIT_NANOS = 2_000_000_000L;

    private final SessionSupervisor sessions;
    private final Runnable readNow;
    private final RateLimitedLog outOfOrder = RateLimitedLog.warn(LOG);
    /** Per followed topic, one lane per partition; set once the follower knows where it starts. */
    private volatile Map<String, Lane[]> lanes = Map.of();

    /** @param readNow asks the follower to read now (called when an own record waits for it) */
    ReportHandover(SessionSupervisor sessions, Runnable readNow) {
        this.sessions = sessions;
        this.readNow = readNow;
    }

    private record Waiting(NormalizedRecord record, long since) {
    }

    /** One partition: everything up to {@code seen} has been handed on or skipped. */
    private static final class Lane {
        final long start;
        long seen;
        final TreeMap<Long, Waiting> waiting = new TreeMap<>();

        Lane(long start) {
            this.start = start;
            this.seen = start - 1;
        }
    }

    /** Where the follower starts reading each partition of each followed topic (the next offset). */
    void following(Map<String, Map<Integer, Long>> next) {
        Map<String, Lane[]> all = new HashMap<>();
        next.forEach((topic, partitions) -> {
            int size = partitions.keySet().stream().mapToInt(p -> p + 1).max().orElse(0);
            Lane[] byPartition = new Lane[size];
            partitions.forEach((p, offset) -> byPartition[p] = new Lane(offset));
            all.put(topic, byPartition);
        });
        lanes = Map.copyOf(all);
    }

    /** An own record Kafka acknowledged (producer I/O thread). {@code record} is null for raw sends. */
    @Override
    public void acknowledged(String topic, int partition, long offset, NormalizedRecord record) {
        Lane lane = lane(topic, partition);
        if (lane == null) {
            // Not a followed partition (or the follower has not started): nothing to keep in order with.
            if (record != null) {
                handOn(record);
            }
            return;
        }
        boolean wait;
        synchronized (lane) {
            if (offset < lane.start || offset <= lane.seen) {
                // Before the follower's start (it will never read it), or the follower read it first (and
                // handed it on itself).
                if (offset < lane.start && record != null) {
                    handOn(record);
                }
                return;
            }
            wait = offset != lane.seen + 1;
            if (wait) {
                // A record not to be handed on is held by its offset only.
                lane.waiting.put(offset, new Waiting(wanted(record) ? record : null, System.nanoTime()));
                if (lane.waiting.size() > MAX_WAITING) {
                    giveUpOrder(lane, "more than " + MAX_WAITING + " own records waiting");
                }
            } else {
                lane.seen = offset;
                if (wanted(record)) {
                    handOn(record);
                }
                releaseFollowing(lane);
            }
        }
        if (wait) {
            readNow.run();
        }
    }

    /**
     * A record the follower read (its context). An own record held here is handed on as it was published;
     * for any other, {@code decoded} is asked for the record to hand on (null: nothing to hand on).
     */
    void read(String topic, int partition, long offset, Supplier<NormalizedRecord> decoded) {
        Lane lane = lane(topic, partition);
        if (lane == null) {
            NormalizedRecord record = decoded.get();
            if (record != null) {
                handOn(record);
            }
            return;
        }
        synchronized (lane) {
            if (offset <= lane.seen) {
                return; // own record, handed on from its acknowledgement
            }
            Waiting own = lane.waiting.remove(offset);
            NormalizedRecord record = own != null ? own.record() : decoded.get();
            if (record != null) {
                handOn(record);
            }
            lane.seen = offset;
            releaseFollowing(lane);
        }
    }

    /** Everything before {@code seen + 1} was handed on or skipped: the follower need not fetch it. */
    @Override
    public long firstLacking(String topic, int partition) {
        return underLock(topic, partition, -1L, lane -> lane.seen + 1);
    }

    @Override
    public boolean waitingIn(String topic, int partition) {
        return underLock(topic, partition, false, lane -> !lane.waiting.isEmpty());
    }

    /** {@code read} of a partition's lane, under its lock; {@code absent} when the partition is not followed. */
    private <T> T underLock(String topic, int partition, T absent, Function<Lane, T> read) {
        Lane lane = lane(topic, partition);
        if (lane == null) {
            return absent;
        }
        synchronized (lane) {
            return read.apply(lane);
        }
    }

    /** True while own records wait for the follower: it should keep reading. */
    boolean waiting() {
        for (Lane[] partitions : lanes.values()) {
            for (Lane lane : partitions) {
                if (lane != null) {
                    synchronized (lane) {
                        if (!lane.waiting.isEmpty()) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Hands on records that waited too long (a gap the follower never fills, e.g. a stuck consumer). */
    void expire() {
        long now = System.nanoTime();
        for (Lane[] partitions : lanes.values()) {
            for (Lane lane : partitions) {
                if (lane != null) {
                    synchronized (lane) {
                        if (!lane.waiting.isEmpty() && now - lane.waiting.firstEntry().getValue().since() > MAX_WAIT_NANOS) {
                            giveUpOrder(lane, "an own record waited more than " + MAX_WAIT_NANOS / 1_000_000 + " ms");
                        }
                    }
                }
            }
        }
    }

    /** Hands on everything waiting in the lane, in offset order, past whatever gap remains. */
    private void giveUpOrder(Lane lane, String why) {
        outOfOrder.log("Following reports: {}; handing them on without waiting for the records before them", why);
        for (Map.Entry<Long, Waiting> e : lane.waiting.entrySet()) {
            if (e.getValue().record() != null) {
                handOn(e.getValue().record());
            }
            lane.seen = e.getKey();
        }
        lane.waiting.clear();
    }

    private void releaseFollowing(Lane lane) {
        while (!lane.waiting.isEmpty() && lane.waiting.firstKey() == lane.seen + 1) {
            Waiting next = lane.waiting.pollFirstEntry().getValue();
            lane.seen++;
            if (next.record() != null) {
                handOn(next.record());
            }
        }
    }

    private Lane lane(String topic, int partition) {
        Lane[] partitions = lanes.get(topic);
        return partitions == null || partition >= partitions.length ? null : partitions[partition];
    }

    /** A record its session should see: an HTTP report of a PBX whose session runs here. */
    private boolean wanted(NormalizedRecord record) {
        if (record == null) {
            return false;
        }
        EventHeader header = header(record.value());
        return header != null && header.getIngress() == IngressChannel.HTTP_REPORT
                && sessions.session(header.getPbxId()).isPresent();
    }

    private void handOn(NormalizedRecord record) {
        EventHeader header = header(record.value());
        if (header != null && header.getIngress() == IngressChannel.HTTP_REPORT) {
            sessions.observe(header.getPbxId(), List.of(record));
        }
    }

    static EventHeader header(SpecificRecord record) {
        if (record instanceof GenericRecord generic && generic.hasField("header")
                && generic.get("header") instanceof EventHeader header) {
            return header;
        }
        return null;
    }
}
