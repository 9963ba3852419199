package io.pbxbridge.bridge.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.vertx.core.Context;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Hands the status feed the records this instance published, from the publisher's acknowledgements, so
 * the page reads nothing back from Kafka. An acknowledgement arrives on the producer's I/O thread: it is
 * only filtered by key and queued (at most {@link #CAPACITY}; past that a record is dropped and counted in
 * {@code pbx_status_feed_dropped_total}); the feed takes the queue in batches on its own context.
 */
final class PublishedRecords implements KafkaRecordPublisher.Acknowledged {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedRecords.class);
    static final int CAPACITY = 4096;

    private final Context context;
    private final Predicate<String> wantsKey;
    private final Consumer<SpecificRecord> feed;
    private final ArrayBlockingQueue<SpecificRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Counter dropped;
    private volatile boolean stopped;

    /**
     * @param context  where {@code feed} runs, one batch at a time
     * @param wantsKey which record keys the feed wants (those of the PBXes owned here)
     */
    PublishedRecords(Context context, Predicate<String> wantsKey, Consumer<SpecificRecord> feed, MeterRegistry registry) {
        this.context = context;
        this.wantsKey = wantsKey;
        this.feed = feed;
        this.dropped = Counter.builder("pbx_status_feed_dropped").description(
                "Published records the status page did not take because its hand-off queue was full").register(registry);
    }

    @Override
    public void acknowledged(String topic, int partition, long offset, NormalizedRecord record) {
        if (record != null && record.value() != null && (record.key() == null || wantsKey.test(record.key()))) {
            offer(record.value());
        }
    }

    /** Queues a record for the feed; never blocks. */
    void offer(SpecificRecord record) {
        if (stopped) {
            return;
        }
        if (!queue.offer(record)) {
            dropped.increment();
            return;
        }
        if (draining.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    void stop() {
        stopped = true;
        queue.clear();
    }

    long dropped() {
        return (long) dropped.count();
    }

    private void drain() {
        try {
            for (int i = 0; i < CAPACITY; i++) {
                SpecificRecord record = queue.poll();
                if (record == null) {
                    break;
                }
                try {
                    feed.accept(record);
                } catch (RuntimeException e) {
                    LOG.warn("Status page could not take a {} record", record.getSchema().getName(), e);
                }
            }
        } finally {
            draining.set(false);
        }
        // A record queued while the flag was still set has not scheduled a drain of its own.
        if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }
}
