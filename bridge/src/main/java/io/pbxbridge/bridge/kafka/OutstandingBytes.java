package io.pbxbridge.bridge.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes handed to the producer and not yet acknowledged or failed. The producer's {@code send} blocks
 * when its buffer ({@code buffer.memory}) is full — during a Kafka outage, for instance — which must not
 * happen on an event loop; so a publish that would take the outstanding bytes past half the buffer is
 * refused at once instead (the other half covers the producer's per-partition batch overhead).
 */
final class OutstandingBytes {
    private static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
    /** Per-record overhead besides key, value and headers (batch record framing, estimate). */
    private static final int RECORD_OVERHEAD = 64;

    private final long limit;
    private final AtomicLong bytes = new AtomicLong();

    OutstandingBytes(long limit) {
        this.limit = limit;
    }

    static OutstandingBytes forBufferMemory(Object configured) {
        long buffer = configured == null ? DEFAULT_BUFFER_MEMORY : Long.parseLong(configured.toString().trim());
        return new OutstandingBytes(Math.max(1, buffer / 2));
    }

    static long sizeOf(List<ProducerRecord<String, byte[]>> records) {
        long size = 0;
        for (ProducerRecord<String, byte[]> r : records) {
            size += RECORD_OVERHEAD + (r.key() == null ? 0 : r.key().length() * 3L)
                    + (r.value() == null ? 0 : r.value().length);
            for (Header h : r.headers()) {
                size += h.key().length() + (h.value() == null ? 0 : h.value().length);
            }
        }
        return size;
    }

    /** Reserves {@code size} bytes; false when that would pass the limit (a lone publish always passes). */
    boolean tryReserve(long size) {
        while (true) {
            long now = bytes.get();
            if (now > 0 && now + size > limit) {
                return false;
            }
            if (bytes.compareAndSet(now, now + size)) {
                return true;
            }
        }
    }

    void release(long size) {
        bytes.addAndGet(-size);
    }

    String describe() {
        return bytes.get() + " bytes (limit " + limit + ", half of " + ProducerConfig.BUFFER_MEMORY_CONFIG + ")";
    }
}
