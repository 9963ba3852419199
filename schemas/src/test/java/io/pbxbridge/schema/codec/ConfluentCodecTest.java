package io.pbxbridge.schema.codec;

import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfluentCodecTest {
    private FakeSchemaRegistry registry;

    @BeforeEach
    void start() throws Exception {
        registry = new FakeSchemaRegistry();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private SchemaRegistryClient client() {
        return SchemaRegistryClient.builder(registry.uri()).requestTimeout(Duration.ofSeconds(5)).build();
    }

    private static String topicOf(SpecificRecord record) {
        return SchemaCatalog.topicOf(record.getSchema()).orElseThrow().defaultName();
    }

    @Test
    void roundTripsEveryExampleThroughTheRegistry() {
        ConfluentCodec codec = new ConfluentCodec(client());
        for (Map.Entry<String, SpecificRecord> example : Examples.all().entrySet()) {
            SpecificRecord record = example.getValue();
            String topic = topicOf(record);
            byte[] bytes = codec.encode(topic, record);

            assertThat(bytes[0]).as(example.getKey()).isEqualTo((byte) 0);
            int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
            assertThat(registry.versions(topic + "-value")).as(example.getKey()).contains(id);
            assertThat(codec.decode(topic, bytes, record.getClass())).as(example.getKey()).isEqualTo(record);
            assertThat(AvroJson.toJson(codec.decodeGeneric(topic, bytes))).as(example.getKey())
                    .isEqualTo(AvroJson.toJson(record));
        }
        assertThat(registry.schemaTypesSeen).containsOnly("AVRO");
    }

    @Test
    void registerAllAtStartupLeavesTheHotPathToTheCache() {
        SchemaRegistryClient client = client();
        Map<String, Schema> byTopic = new LinkedHashMap<>();
        for (BridgeTopic topic : BridgeTopic.values()) {
            SchemaCatalog.schemasFor(topic).forEach(schema -> byTopic.put(topic.defaultName(), schema));
        }
        Map<String, Integer> ids = client.registerAll(byTopic);
        assertThat(ids).hasSize(8).containsKeys("pbx.call-events", "pbx.dlq");
        int registersAfterStartup = registry.registerRequests.get();
        assertThat(registersAfterStartup).isEqualTo(8);

        ConfluentCodec codec = new ConfluentCodec(client, false);
        for (SpecificRecord record : Examples.all().values()) {
            String topic = topicOf(record);
            byte[] bytes = codec.encode(topic, record);
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(ids.get(topic));
            assertThat(codec.decode(topic, bytes, record.getClass())).isEqualTo(record);
        }
        assertThat(registry.registerRequests.get()).isEqualTo(registersAfterStartup);
        assertThat(registry.fetchRequests.get()).as("ids this client registered need no fetch").isZero();
    }

    @Test
    void registeredSchemasHaveNoJavaOnlyPropertiesAndKeepTheRecordsFingerprint() {
        Map<String, Schema> byTopic = new LinkedHashMap<>();
        for (BridgeTopic topic : BridgeTopic.values()) {
            SchemaCatalog.schemasFor(topic).forEach(schema -> byTopic.put(topic.defaultName(), schema));
        }
        Map<String, Integer> ids = client().registerAll(byTopic);
        SchemaRegistryClient reader = client(); // a fresh client: the schema text comes from the registry
        ids.forEach((topic, id) -> {
            Schema registered = reader.schemaById(id);
            assertThat(registered.toString()).as(topic).doesNotContain("avro.java");
            assertThat(SchemaCatalog.fingerprint(registered)).as(topic)
                    .isEqualTo(SchemaCatalog.fingerprint(byTopic.get(topic)));
        });
    }

    @Test
    void aReaderFetchesAnUnseenIdOnceAndCachesIt() {
        byte[] bytes = new ConfluentCodec(client()).encode("pbx.call-events", Examples.callEvent());
        ConfluentCodec reader = new ConfluentCodec(client());

        for (int i = 0; i < 3; i++) {
            assertThat(reader.decode("pbx.call-events", bytes, CallEvent.class)).isEqualTo(Examples.callEvent());
        }
        assertThat(registry.fetchRequests.get()).isEqualTo(1);
    }

    @Test
    void withoutRegisterOnMissAnUnregisteredSchemaIsAClearError() {
        ConfluentCodec codec = new ConfluentCodec(client(), false);
        assertThatThrownBy(() -> codec.encode("pbx.cdr", Examples.callRecord()))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("io.pbxbridge.schema.CallRecord is not registered for pbx.cdr")
                .hasMessageContaining("registerAll");
        assertThat(registry.registerRequests.get()).isZero();
    }

    @Test
    void unknownSchemaIdNamesTheIdAndTheRegistryAnswer() {
        byte[] bytes = new ConfluentCodec(client()).encode("pbx.cdr", Examples.callRecord());
        ByteBuffer.wrap(bytes).putInt(1, 4242);
        ConfluentCodec reader = new ConfluentCodec(client());

        assertThatThrownBy(() -> reader.decode("pbx.cdr", bytes, CallRecord.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("schema id 4242")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("40403");
        assertThatThrownBy(() -> reader.decodeGeneric("pbx.cdr", bytes))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("schema id 4242");
    }

    @Test
    void badMagicByteIsRejected() {
        byte[] singleObject = new SingleObjectCodec().encode("pbx.cdr", Examples.callRecord());
        ConfluentCodec codec = new ConfluentCodec(client());

        assertThatThrownBy(() -> codec.decode("pbx.cdr", singleObject, CallRecord.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("magic byte C3, expected 00")
                .hasMessageContaining("single-object");
        assertThatThrownBy(() -> codec.decode("pbx.cdr", new byte[]{0, 0, 0}, CallRecord.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("3 bytes");
    }

    @Test
    void truncatedBodyAndTrailingBytesAreRejected() {
        ConfluentCodec codec = new ConfluentCodec(client());
        byte[] bytes = codec.encode("pbx.cdr", Examples.callRecord());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 10);
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> codec.decode("pbx.cdr", truncated, CallRecord.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated or corrupt");
        assertThatThrownBy(() -> codec.decodeGeneric("pbx.cdr", trailing))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unexpected bytes after the Avro body");
    }

    @Test
    void decodingAsTheWrongRecordTypeNamesTheActualType() {
        ConfluentCodec codec = new ConfluentCodec(client());
        byte[] bytes = codec.encode("pbx.cdr", Examples.callRecord());

        assertThatThrownBy(() -> codec.decode("pbx.cdr", bytes, CallEvent.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("is a io.pbxbridge.schema.CallRecord");
    }

    @Test
    void basicAuthIsSentAndNeverAppearsInErrors() {
        registry.requireBasicAuth("api-key", "s3cret-Pa55");
        SchemaRegistryClient good = SchemaRegistryClient.builder(registry.uri())
                .basicAuth("api-key", "s3cret-Pa55".toCharArray()).build();
        SchemaRegistryClient bad = SchemaRegistryClient.builder(registry.uri())
                .basicAuth("api-key", "wrong-Pa55".toCharArray()).build();

        assertThat(good.registerValueSchema("pbx.cdr", CallRecord.getClassSchema())).isPositive();
        assertThatThrownBy(() -> bad.registerValueSchema("pbx.cdr", CallRecord.getClassSchema()))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("wrong-Pa55")
                .hasMessageNotContaining("api-key");
        assertThat(bad.toString()).doesNotContain("wrong-Pa55").contains("basic auth");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> SchemaRegistryClient.builder(URI.create("http://key:hunter2@localhost:8081")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain credentials")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aStalledRegistryTimesOutWithAClearError() {
        registry.stall();
        SchemaRegistryClient client = SchemaRegistryClient.builder(registry.uri())
                .requestTimeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("cannot fetch schema id 1")
                .hasMessageContaining("timed out");
    }

    @Test
    void anUnreachableRegistryIsAClearError() throws Exception {
        URI uri = registry.uri();
        registry.close();
        SchemaRegistryClient client = SchemaRegistryClient.builder(uri).connectTimeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> client.registerValueSchema("pbx.cdr", CallRecord.getClassSchema()))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("cannot register io.pbxbridge.schema.CallRecord under pbx.cdr-value")
                .hasMessageContaining("unreachable");
    }

    @Test
    void decodeGenericGivesTheWriterSchemaRecord() {
        ConfluentCodec codec = new ConfluentCodec(client());
        byte[] bytes = codec.encode("pbx.call-events", Examples.callEvent());

        GenericRecord record = codec.decodeGeneric("pbx.call-events", bytes);
        assertThat(record.getSchema().getFullName()).isEqualTo("io.pbxbridge.schema.CallEvent");
        assertThat(record.get("call_id").toString()).isEqualTo("1547375509.72");
    }
}
