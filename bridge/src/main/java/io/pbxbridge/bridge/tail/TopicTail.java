package io.pbxbridge.bridge.tail;

import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.CodecException;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Follows bridge topics without joining a consumer group (it assigns every partition itself, so it
 * never disturbs the bridge's own consumers) and hands each decoded record to a sink.
 */
public final class TopicTail {
    private final KafkaConsumer<String, byte[]> consumer;
    private final RecordCodec codec;
    private final Map<String, Class<? extends SpecificRecord>> types = new HashMap<>();
    private volatile Predicate<String> keys = key -> true;
    /** Written on the tail's context only. */
    private volatile long decoded;

    public TopicTail(Vertx vertx, Map<String, Object> clientProperties, RecordCodec codec) {
        Map<String, String> config = new HashMap<>();
        clientProperties.forEach((k, v) -> config.put(k, String.valueOf(v)));
        config.put("enable.auto.commit", "false");
        config.put("client.id", "pbx-bridge-tail");
        this.consumer = KafkaConsumer.create(vertx, config, new StringDeserializer(), new ByteArrayDeserializer());
        this.codec = codec;
    }

    /**
     * Skips records by key before decoding them (a null key always passes); call before {@link #start}.
     * Cheaper than the record filter when most records are of no interest.
     */
    public TopicTail onlyKeys(Predicate<String> keys) {
        this.keys = keys;
        return this;
    }

    /**
     * @param topics        full topic names with the bridge topic each is (for the record type)
     * @param fromBeginning read history too, or only what arrives from now on
     * @param filter        which records to pass on
     * @param sink          receives the matching records
     * @param errors        told of records that cannot be decoded
     */
    public Future<Void> start(Map<String, BridgeTopic> topics, boolean fromBeginning, Predicate<SpecificRecord> filter,
                              Consumer<SpecificRecord> sink, Consumer<String> errors) {
        return start(topics, fromBeginning, source -> true, filter, sink, errors);
    }

    /**
     * @param sources which records to decode at all, by their {@code ce_source} header (a record without
     *                one is decoded): deciding before decoding keeps the cost of skipped records low
     */
    public Future<Void> start(Map<String, BridgeTopic> topics, boolean fromBeginning, Predicate<String> sources,
                              Predicate<SpecificRecord> filter, Consumer<SpecificRecord> sink, Consumer<String> errors) {
        topics.forEach((name, topic) -> {
            List<Schema> schemas = SchemaCatalog.schemasFor(topic);
            if (!schemas.isEmpty()) {
                types.put(name, specificClass(schemas.get(0)));
            }
        });
        consumer.handler(record -> handle(record, sources, filter, sink, errors));
        consumer.exceptionHandler(e -> errors.accept("consumer: " + e.getMessage()));
        return Future.all(topics.keySet().stream().map(consumer::partitionsFor).toList()).compose(all -> {
            Set<TopicPartition> partitions = new HashSet<>();
            for (int i = 0; i < all.size(); i++) {
                List<io.vertx.kafka.client.common.PartitionInfo> infos = all.resultAt(i);
                infos.forEach(p -> partitions.add(new TopicPartition(p.getTopic(), p.getPartition())));
            }
            return consumer.assign(partitions).compose(v -> fromBeginning ? consumer.seekToBeginning(partitions)
                    : consumer.seekToEnd(partitions));
        });
    }

    private void handle(KafkaConsumerRecord<String, byte[]> record, Predicate<String> sources,
                        Predicate<SpecificRecord> filter, Consumer<SpecificRecord> sink, Consumer<String> errors) {
        Class<? extends SpecificRecord> type = types.get(record.topic());
        if (type == null || record.value() == null || (record.key() != null && !keys.test(record.key()))) {
            return;
        }
        Header source = record.record().headers().lastHeader(CloudEventHeaders.SOURCE);
        if (source != null && !sources.test(new String(source.value(), StandardCharsets.UTF_8))) {
            return;
        }
        try {
            decoded++;
            SpecificRecord value = codec.decode(record.topic(), record.value(), type);
            if (filter.test(value)) {
                sink.accept(value);
            }
        } catch (CodecException e) {
            errors.accept(record.topic() + "/" + record.partition() + "@" + record.offset() + ": " + e.getMessage());
        }
    }

    /** Records decoded so far (those the {@code sources} filter let through). */
    public long decoded() {
        return decoded;
    }

    public Future<Void> close() {
        return consumer.close();
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> specificClass(Schema schema) {
        return (Class<? extends SpecificRecord>) SpecificData.get().getClass(schema);
    }
}
