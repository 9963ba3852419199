package io.pbxbridge.bridge.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.PythonAvro;
import io.pbxbridge.bridge.testkit.TinySchemaRegistry;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.codec.ConfluentCodec;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.pbxbridge.schema.codec.SchemaRegistryClient;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.pbxbridge.schema.codec.TrustedContractClasses;
import io.vertx.core.Vertx;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A non-Java consumer: Apache Avro's Python library (Debian python3-avro, through the reader that
 * schemas/README.md quotes) resolves the schemas the bridge published to {@code pbx.schemas} by
 * fingerprint and decodes the records the bridge's codecs wrote to Kafka into what Java decodes.
 */
@WithKafka
class PythonAvroConsumerTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
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
    void pythonFindsEachRecordsSchemaOnPbxSchemasByItsOwnFingerprintAndDecodesIt(KafkaBroker kafka) {
        String prefix = kafka.uniquePrefix("python");
        SingleObjectCodec codec = new SingleObjectCodec();
        List<ConsumedRecord> records = publishSamples(kafka, prefix, codec);
        Map<String, String> published = new LinkedHashMap<>();
        List<ConsumedRecord> schemaRecords = kafka.consumer().read(prefix + "schemas",
                SchemaCatalog.standard().schemasByHexFingerprint().size(), READ_TIMEOUT);
        schemaRecords.forEach(record -> published.put(record.key(), record.valueAsString()));

        // The contract in Java terms: no Java-only property; the fingerprint on each record is the key of its schema.
        published.forEach((key, json) -> {
            assertThat(json).as(key).doesNotContain("\"avro.java.");
            assertThat(SchemaCatalog.fingerprintHex(new Schema.Parser().parse(json))).isEqualTo(key);
        });
        for (ConsumedRecord record : records) {
            long onTheWire = ByteBuffer.wrap(record.value(), 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(published).as(record.topic()).containsKey(SchemaCatalog.hex(onTheWire));
        }

        ObjectNode task = JSON.createObjectNode();
        published.forEach(task.putObject("schemas")::put);
        records.forEach(record -> task.withArray("single_object").add(Base64.getEncoder().encodeToString(record.value())));
        JsonNode answer = PythonAvro.run("decode_records.py", task);

        published.forEach((key, json) -> {
            JsonNode python = answer.path("fingerprints").path(key);
            assertThat(python.path("fingerprint").asText()).as("Python's fingerprint of " + key).isEqualTo(key);
            // python-avro's own canonical form: no Java property trips it any more ({"type":"string"}); it
            // still writes {"type":"long"} for timestamp-millis, which pbx_avro.parsing_canonical_form corrects.
            String library = python.path("library_canonical_form").asText();
            assertThat(library).as(key).doesNotContain("{\"type\":\"string\"}");
            assertThat(library.replace("{\"type\":\"long\"}", "\"long\""))
                    .isEqualTo(SchemaNormalization.toParsingForm(new Schema.Parser().parse(json)));
        });
        assertDecodedAlike(answer.path("single_object"), records, codec);
    }

    @Test
    void pythonDecodesConfluentFramedRecordsWithTheSchemaItFetchesFromTheRegistry(KafkaBroker kafka) throws Exception {
        String prefix = kafka.uniquePrefix("python-confluent");
        try (TinySchemaRegistry registry = new TinySchemaRegistry()) {
            SchemaRegistryClient writerClient = SchemaRegistryClient.builder(registry.uri()).build();
            Map<String, Schema> byTopic = new LinkedHashMap<>();
            SampleRecords.all().forEach(r -> byTopic.put(r.topic().nameWith(prefix), r.value().getSchema()));
            writerClient.registerAll(byTopic);
            List<ConsumedRecord> records = publishSamples(kafka, prefix, new ConfluentCodec(writerClient, false));

            ObjectNode task = JSON.createObjectNode().put("registry", registry.uri().toString());
            task.putObject("schemas");
            records.forEach(record -> task.withArray("confluent").add(Base64.getEncoder().encodeToString(record.value())));
            JsonNode answer = PythonAvro.run("decode_records.py", task);

            assertThat(registry.lookups.get()).as("schemas Python fetched by id").isEqualTo(records.size());
            // Java reads with what the registry holds too, not with the writer's cached schemas.
            assertDecodedAlike(answer.path("confluent"), records,
                    new ConfluentCodec(SchemaRegistryClient.builder(registry.uri()).build()));
        }
    }

    /** Publishes one record of every type with {@code codec} and the schemas, and reads the records back. */
    private static List<ConsumedRecord> publishSamples(KafkaBroker kafka, String prefix, RecordCodec codec) {
        try (TopicProvisioner provisioner = new TopicProvisioner(vertx, kafka.clientConfig(), prefix, 1, (short) 1,
                Duration.ofSeconds(20))) {
            Await.result(provisioner.provision());
        }
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, codec,
                new SimpleMeterRegistry());
        try {
            Await.result(new SchemaPublisher(publisher, prefix).publishAll());
            Await.result(publisher.publish(SampleRecords.all()));
        } finally {
            Await.result(publisher.close());
        }
        List<ConsumedRecord> records = new ArrayList<>();
        for (NormalizedRecord sample : SampleRecords.all()) {
            records.addAll(kafka.consumer().read(sample.topic().nameWith(prefix), 1, READ_TIMEOUT));
        }
        assertThat(records).hasSize(SampleRecords.all().size());
        return records;
    }

    private static void assertDecodedAlike(JsonNode python, List<ConsumedRecord> records, RecordCodec java) {
        assertThat(python.size()).isEqualTo(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumedRecord record = records.get(i);
            GenericRecord decoded = java.decodeGeneric(record.topic(), record.value());
            try {
                JsonNode expected = JSON.readTree(JSON.writeValueAsString(plain(decoded)));
                assertThat(python.get(i)).as(record.topic()).isEqualTo(expected);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** As the Python driver writes records: unions unwrapped, timestamps as epoch ms, bytes as ISO-8859-1. */
    private static Object plain(Object datum) {
        if (datum instanceof GenericRecord record) {
            Map<String, Object> out = new LinkedHashMap<>();
            record.getSchema().getFields().forEach(field -> out.put(field.name(), plain(record.get(field.pos()))));
            return out;
        }
        if (datum instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, value) -> out.put(key.toString(), plain(value)));
            return out;
        }
        if (datum instanceof Collection<?> items) {
            return items.stream().map(PythonAvroConsumerTest::plain).toList();
        }
        if (datum instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] raw = new byte[copy.remaining()];
            copy.get(raw);
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        if (datum instanceof CharSequence || datum instanceof GenericEnumSymbol<?>) {
            return datum.toString();
        }
        return datum; // null, boolean, int, long (timestamp-millis read without conversion), float, double
    }
}
