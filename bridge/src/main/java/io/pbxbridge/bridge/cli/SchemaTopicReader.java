package io.pbxbridge.bridge.cli;

import io.pbxbridge.schema.codec.CodecException;
import io.pbxbridge.schema.codec.SchemaCatalog;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the compacted {@code <prefix>schemas} topic once, up to its end offsets at the time of the
 * call: the writer schemas of a newer bridge that this artifact's catalog does not ship.
 */
final class SchemaTopicReader {
    private SchemaTopicReader() {
    }

    /**
     * @param consumer a consumer not assigned to anything yet (its assignment is replaced)
     * @param errors   told of records that are not a valid schema for their key
     * @return the schemas on the topic; empty when the topic does not exist
     */
    static List<Schema> readAll(KafkaConsumer<String, byte[]> consumer, String topic, Duration timeout,
                                Consumer<String> errors) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        List<Schema> schemas = new ArrayList<>();
        if (infos == null || infos.isEmpty()) {
            return schemas;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(consumer, end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key() == null || r.value() == null) {
                    continue; // a tombstone: nothing to learn
                }
                try {
                    schemas.add(SchemaCatalog.parseSchemaTopicRecord(r.key(),
                            new String(r.value(), StandardCharsets.UTF_8)));
                } catch (CodecException e) {
                    errors.accept(topic + "/" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
                }
            }
        }
        consumer.unsubscribe();
        return schemas;
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
