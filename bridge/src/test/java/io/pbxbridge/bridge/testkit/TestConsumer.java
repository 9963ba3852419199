package io.pbxbridge.bridge.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a topic from the beginning of every partition (no consumer group, so no rebalance wait) until
 * enough records arrived or the timeout passed. Blocking: for test threads only.
 */
public final class TestConsumer {
    private final Map<String, Object> clientConfig;

    public TestConsumer(String bootstrapServers) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** @param clientConfig bootstrap servers and security settings (SASL_SSL brokers) */
    public TestConsumer(Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
    }

    /**
     * Returns the records read once at least {@code count} arrived (in partition-poll order).
     *
     * @throws AssertionError when fewer than {@code count} arrive within {@code timeout}
     */
    public List<ConsumedRecord> read(String topic, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumedRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    records.add(new ConsumedRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers(r)));
                }
            }
        }
        if (records.size() < count) {
            throw new AssertionError("expected " + count + " records on " + topic + " within " + timeout
                    + " but read " + records.size());
        }
        return records;
    }

    /**
     * Reads a topic from the beginning until {@code done} accepts all records read so far; fails with
     * what was read when the timeout passes first.
     */
    public List<ConsumedRecord> readUntil(String topic, Duration timeout,
                                          java.util.function.Predicate<List<ConsumedRecord>> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumedRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    records.add(new ConsumedRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers(r)));
                }
                if (done.test(records)) {
                    return records;
                }
            }
        }
        throw new AssertionError("condition not met on " + topic + " within " + timeout + " after reading "
                + records.size() + " records");
    }

    /** Every record on the topic now: reads each partition up to its end offset at the time of the call. */
    public List<ConsumedRecord> readToEnd(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumedRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    records.add(new ConsumedRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers(r)));
                }
            }
        }
        return records;
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> consumer, String topic, long deadline) {
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("topic " + topic + " does not exist");
            }
            try {
                Thread.sleep(100); // metadata of a just-created topic is on its way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for topic " + topic, e);
            }
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
