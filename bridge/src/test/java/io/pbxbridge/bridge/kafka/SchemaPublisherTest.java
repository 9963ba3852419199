package io.pbxbridge.bridge.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.core.Vertx;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafka
class SchemaPublisherTest {
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        AvroClassTrust.install();
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

            List<Schema> expected = SchemaPublisher.bridgeSchemas();
            assertThat(expected).extracting(Schema::getName).containsExactlyInAnyOrder("CallEvent", "CallRecord",
                    "ExtensionStatus", "TrunkStatus", "PbxEvent", "Command", "CommandResult", "DeadLetter");
            Map<String, Schema> byName = expected.stream().collect(Collectors.toMap(Schema::getFullName, Function.identity()));
            List<ConsumedRecord> records = kafka.consumer().read(schemas.topic(), expected.size(), Duration.ofSeconds(15));
            assertThat(records).hasSize(expected.size());
            for (ConsumedRecord record : records) {
                Schema parsed = new Schema.Parser().parse(record.valueAsString());
                assertThat(parsed).isEqualTo(byName.get(parsed.getFullName()));
                assertThat(record.header(SchemaPublisher.SCHEMA_NAME_HEADER)).isEqualTo(parsed.getFullName());
                assertThat(record.key()).isEqualTo(SchemaPublisher.fingerprintHex(parsed)).hasSize(16);
            }
            assertThat(records).extracting(ConsumedRecord::key).doesNotHaveDuplicates();
        } finally {
            Await.result(publisher.close());
        }
    }

    @Test
    void keyIsTheFingerprintAsWrittenInSingleObjectRecords() {
        byte[] encoded = new SingleObjectCodec().encode("pbx.call-events", SampleRecords.callEvent().value());
        String fingerprintOnTheWire = HexFormat.of().formatHex(Arrays.copyOfRange(encoded, 2, 10));
        assertThat(SchemaPublisher.fingerprintHex(CallEvent.getClassSchema())).isEqualTo(fingerprintOnTheWire);
    }
}
