package io.pbxbridge.schema.codec;

import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaCatalogTest {
    private final SchemaCatalog catalog = SchemaCatalog.standard();

    @Test
    void knowsTheEightTopLevelRecords() {
        assertThat(catalog.currentSchemas()).extracting(Schema::getName).containsExactly(
                "CallEvent", "CallRecord", "ExtensionStatus", "TrunkStatus", "PbxEvent", "Command", "CommandResult",
                "DeadLetter");
        assertThat(catalog.current("DeadLetter")).contains(DeadLetter.getClassSchema());
        assertThat(catalog.current("io.pbxbridge.schema.CallEvent")).contains(CallEvent.getClassSchema());
        assertThat(catalog.current("EventHeader")).as("nested, not top-level").isEmpty();
    }

    @Test
    void everyTopicHasItsRecordTypeAndEveryRecordItsTopic() {
        for (BridgeTopic topic : BridgeTopic.values()) {
            if (topic == BridgeTopic.SCHEMAS) {
                assertThat(SchemaCatalog.schemasFor(topic)).isEmpty();
            } else {
                assertThat(SchemaCatalog.schemasFor(topic)).as(topic.name()).hasSize(1);
            }
        }
        for (Schema schema : catalog.currentSchemas()) {
            BridgeTopic topic = SchemaCatalog.topicOf(schema).orElseThrow();
            assertThat(SchemaCatalog.schemasFor(topic)).contains(schema);
        }
        assertThat(SchemaCatalog.topicOf(CallEvent.getClassSchema())).contains(BridgeTopic.CALL_EVENTS);
    }

    @Test
    void theHexFingerprintIsTheUnsignedLongThatSingleObjectBytesCarryLittleEndian() {
        byte[] bytes = new SingleObjectCodec().encode("pbx.call-events", Examples.callEvent());
        byte[] fingerprintBytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            fingerprintBytes[i] = bytes[9 - i];
        }
        String hex = SchemaCatalog.fingerprintHex(CallEvent.getClassSchema());
        assertThat(hex).hasSize(16).isEqualTo(HexFormat.of().formatHex(fingerprintBytes));
        assertThat(SchemaCatalog.parseHex(hex)).isEqualTo(SchemaCatalog.fingerprint(CallEvent.getClassSchema()));
        assertThat(catalog.findByFingerprint(hex)).contains(CallEvent.getClassSchema());
        assertThatThrownBy(() -> SchemaCatalog.parseHex("abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 hex digits");
    }

    @Test
    void theBundledReleaseIsLoadedAndPublishedByFingerprint() {
        ReleasedSchemas releases = ReleasedSchemas.bundled();
        assertThat(releases.versions()).contains("0.1.0");
        Map<String, Schema> release = releases.load("0.1.0", List.of("CallEvent", "DeadLetter", "NoSuchRecord"));
        assertThat(release).containsOnlyKeys("CallEvent", "DeadLetter");
        // Released files are frozen; the README quotes this fingerprint as the pbx.schemas key example.
        assertThat(SchemaCatalog.fingerprintHex(release.get("CallEvent"))).isEqualTo("6f4dcb4083efb1b4");

        Map<String, Schema> published = catalog.schemasByHexFingerprint();
        for (Schema schema : releases.loadAll(SchemaCatalog.recordNames(SchemaCatalog.CURRENT_TOP_LEVEL))) {
            assertThat(published).containsKey(SchemaCatalog.fingerprintHex(schema));
        }
        published.forEach((hex, schema) -> assertThat(SchemaCatalog.fingerprintHex(schema)).isEqualTo(hex));
    }

    @Test
    void schemasFromThePbxSchemasTopicCanBeAdded() {
        Schema foreign = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        long fingerprint = SchemaCatalog.fingerprint(foreign);
        assertThat(catalog.findByFingerprint(fingerprint)).isEmpty();

        SchemaCatalog extended = catalog.withSchemas(List.of(foreign));
        assertThat(extended.findByFingerprint(fingerprint)).contains(foreign);
        assertThat(extended.schemaStore().findByFingerprint(fingerprint)).isEqualTo(foreign);
        assertThat(extended.currentSchemas()).isEqualTo(catalog.currentSchemas());
    }

    @Test
    void schemaTopicRecordsParseBackAndAWrongKeyIsRejected() {
        Map<String, String> records = catalog.schemaTopicRecords();
        assertThat(records).hasSameSizeAs(catalog.schemasByHexFingerprint()).hasSizeGreaterThanOrEqualTo(8);
        // The published JSON has no Java-only properties, so it parses to an equal schema in all but those.
        records.forEach((key, json) -> assertThat(SchemaCatalog.fingerprintHex(SchemaCatalog.parseSchemaTopicRecord(key, json)))
                .isEqualTo(key).isEqualTo(SchemaCatalog.fingerprintHex(catalog.findByFingerprint(key).orElseThrow())));

        String callEvent = CallEvent.getClassSchema().toString();
        assertThatThrownBy(() -> SchemaCatalog.parseSchemaTopicRecord("0000000000000001", callEvent))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("holds a schema with fingerprint " + SchemaCatalog.fingerprintHex(CallEvent.getClassSchema()));
        assertThatThrownBy(() -> SchemaCatalog.parseSchemaTopicRecord("0000000000000001", "{not json"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("is not an Avro schema");
    }

    @Test
    void anExistingReleaseIsNeverRewritten(@TempDir Path dir) throws Exception {
        ReleasedSchemas.write(dir, "released/", "0.1.0", SchemaCatalog.CURRENT_TOP_LEVEL);

        assertThatThrownBy(() -> ReleasedSchemas.write(dir, "released/", "0.1.0", SchemaCatalog.CURRENT_TOP_LEVEL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("release 0.1.0 already exists");
        assertThatThrownBy(() -> ReleasedSchemas.write(dir, "released/", "1.0", SchemaCatalog.CURRENT_TOP_LEVEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("major.minor.patch");
        assertThat(Files.readString(dir.resolve("released/versions.txt"))).contains("0.1.0");
    }

    @Test
    void releaseVersionsSortNumerically() {
        assertThat(List.of("0.10.0", "0.9.1", "1.0.0", "0.9.0").stream().sorted(ReleasedSchemas.VERSION_ORDER))
                .containsExactly("0.9.0", "0.9.1", "0.10.0", "1.0.0");
    }
}
