package io.pbxbridge.bridge.kafka;

import io.pbxbridge.schema.codec.TrustedContractClasses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.core.Vertx;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafka
class SchemaPublisherTest {
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        TrustedContractClasses.install();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        Await.result(vertx.close());
    }

    @Test
    void publishesEverySchemaKeyedByFingerprint(KafkaBroker kafka) {
        String prefix = kafka.uniquePrefix("schemas");
        try (TopicProvisioner provisioner = new TopicProvisioner(vertx, kafka.clientConfig(), prefix, 1, (short) 1,
                Duration.ofSeconds(20))) {
            Await.result(provisioner.provision());
        }
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix,
                new SingleObjectCodec(), new SimpleMeterRegistry());
        try {
            SchemaPublisher schemas = new SchemaPublisher(publisher, prefix);
            assertThat(schemas.topic()).isEqualTo(prefix + "schemas");
            Await.result(schemas.publishAll());

            List<Schema> current = SchemaCatalog.CURRENT_TOP_LEVEL;
            assertThat(schemas.schemaCount()).isGreaterThanOrEqualTo(current.size());
            List<ConsumedRecord> records = kafka.consumer().read(schemas.topic(), schemas.schemaCount(), Duration.ofSeconds(15));
            assertThat(records).hasSize(schemas.schemaCount());
            for (ConsumedRecord record : records) {
                Schema parsed = SchemaCatalog.parseSchemaTopicRecord(record.key(), record.valueAsString());
                assertThat(record.valueAsString()).as("Java-only properties").doesNotContain("\"avro.java.");
                assertThat(record.header(SchemaPublisher.SCHEMA_NAME_HEADER)).isEqualTo(parsed.getFullName());
                assertThat(record.key()).isEqualTo(SchemaCatalog.fingerprintHex(parsed)).hasSize(16);
                assertThat(record.header("ce_id")).isEqualTo(record.key());
                assertThat(record.header("ce_type")).isEqualTo("io.pbxbridge.schema");
                assertThat(record.header("ce_source")).isEqualTo("/bridge");
                assertThat(record.header("ce_time")).isNotBlank();
            }
            assertThat(records).extracting(ConsumedRecord::key).doesNotHaveDuplicates();
            // Every current schema is resolvable from the topic alone.
            assertThat(records).extracting(ConsumedRecord::key)
                    .containsAll(current.stream().map(SchemaCatalog::fingerprintHex).toList());
        } finally {
            Await.result(publisher.close());
        }
    }

    @Test
    void keyIsTheFingerprintWrittenLittleEndianInSingleObjectRecords() {
        byte[] encoded = new SingleObjectCodec().encode("pbx.call-events", SampleRecords.callEvent().value());
        long onTheWire = ByteBuffer.wrap(Arrays.copyOfRange(encoded, 2, 10)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(SchemaCatalog.fingerprintHex(CallEvent.getClassSchema()))
                .isEqualTo(String.format("%016x", onTheWire));
    }
}
