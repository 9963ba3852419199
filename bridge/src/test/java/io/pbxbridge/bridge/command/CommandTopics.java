package io.pbxbridge.bridge.command;

import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The command topics of one test on the shared broker: a producer of commands and readers of results. */
final class CommandTopics implements AutoCloseable {
    static {
        io.pbxbridge.schema.codec.TrustedContractClasses.install();
    }

    final KafkaBroker broker;
    final String prefix;
    final RecordCodec codec = new SingleObjectCodec();
    private final KafkaProducer<String, byte[]> producer;

    CommandTopics(KafkaBroker broker, String hint, int commandPartitions) {
        this.broker = broker;
        this.prefix = broker.uniquePrefix(hint);
        broker.createTopics(commandPartitions, topic(BridgeTopic.COMMANDS));
        broker.createTopics(2, topic(BridgeTopic.COMMAND_RESULTS));
        broker.createTopics(1, topic(BridgeTopic.DLQ), topic(BridgeTopic.SYSTEM));
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0"),
                new StringSerializer(), new ByteArraySerializer());
    }

    String topic(BridgeTopic t) {
        return t.nameWith(prefix);
    }

    /** Settings for a bridge instance of this test: short timers so nothing waits real minutes. */
    CommandSettings settings() {
        return CommandSettings.defaults(broker.clientConfig())
                .withTopicPrefix(prefix)
                .withGroupId(prefix + "bridge")
                .withTimers(Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(100),
                        Duration.ofMillis(500))
                .withKafka(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
    }

    /** Appends a command keyed by its pbx_id, with {@code ce_id} = command_id; returns where it landed. */
    RecordMetadata send(Command c) {
        return sendRaw(c.getPbxId(), codec.encode(topic(BridgeTopic.COMMANDS), c), c.getCommandId());
    }

    RecordMetadata sendRaw(String key, byte[] value, String ceId) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic(BridgeTopic.COMMANDS), key, value);
        if (ceId != null) {
            r.headers().add(CloudEventHeaders.ID, ceId.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return producer.send(r).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send command: " + e, e);
        }
    }

    List<CommandResult> results(int count) {
        return results(count, Duration.ofSeconds(20));
    }

    List<CommandResult> results(int count, Duration timeout) {
        return broker.consumer().read(topic(BridgeTopic.COMMAND_RESULTS), count, timeout).stream()
                .map(r -> codec.decode(r.topic(), r.value(), CommandResult.class)).toList();
    }

    List<ConsumedRecord> resultRecords(int count) {
        return broker.consumer().read(topic(BridgeTopic.COMMAND_RESULTS), count, Duration.ofSeconds(20));
    }

    List<DeadLetter> deadLetters(int count) {
        return broker.consumer().read(topic(BridgeTopic.DLQ), count, Duration.ofSeconds(20)).stream()
                .map(r -> codec.decode(r.topic(), r.value(), DeadLetter.class)).toList();
    }

    /** The committed offset of the bridge group on one commands partition (-1 when none). */
    long committed(String groupId, int partition) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            OffsetAndMetadata o = offsets.get(new TopicPartition(topic(BridgeTopic.COMMANDS), partition));
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read committed offsets: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
