package io.pbxbridge.bridge.kafka;

import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.TestConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaTest {
    private static final String TOPIC = "pbx.embedded-check";

    @Test
    void roundTripsARecordAndKeepsItAcrossARestart(@TempDir Path dataDir) throws Exception {
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
            assertThat(kafka.bootstrapServers()).startsWith("localhost:").doesNotEndWith(":0");
            assertThat(kafka.dataDir()).isEqualTo(dataDir.toAbsolutePath().normalize());
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
                clusterId = admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            }
            produce(kafka, "office-hq/1", "first");
            List<ConsumedRecord> read = new TestConsumer(kafka.bootstrapServers()).read(TOPIC, 1, Duration.ofSeconds(10));
            assertThat(read).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("office-hq/1");
                assertThat(r.valueAsString()).isEqualTo("first");
            });
        }
        assertThat(dataDir.resolve("kraft").resolve("meta.properties")).exists();

        try (EmbeddedKafka restarted = EmbeddedKafka.start(dataDir, 0)) {
            try (Admin admin = admin(restarted)) {
                assertThat(admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS)).isEqualTo(clusterId);
                assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains(TOPIC);
            }
            produce(restarted, "office-hq/2", "second");
            List<ConsumedRecord> read = new TestConsumer(restarted.bootstrapServers()).read(TOPIC, 2, Duration.ofSeconds(10));
            assertThat(read).extracting(ConsumedRecord::valueAsString).containsExactly("first", "second");
        }
    }

    @Test
    void aDataDirectoryThatIsAFileFailsWithAClearMessage(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> EmbeddedKafka.start(file, 0))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("cannot create embedded Kafka data directory");
    }

    @Test
    void aPortInUseOrADataDirectoryInUseFailsWithAClearMessage(@TempDir Path first, @TempDir Path second) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(first, 0)) {
            int port = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().indexOf(':') + 1));
            assertThatThrownBy(() -> EmbeddedKafka.start(second, port))
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("port " + port);
            assertThatThrownBy(() -> EmbeddedKafka.start(first, 0))
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining(first.toAbsolutePath().toString());
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    private static void produce(EmbeddedKafka kafka, String key, String value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
    }
}
