package io.pbxbridge.schema.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.Party;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SingleObjectCodecTest {
    private final SingleObjectCodec codec = new SingleObjectCodec();

    @Test
    void roundTripsEveryExample() {
        for (Map.Entry<String, SpecificRecord> example : Examples.all().entrySet()) {
            SpecificRecord record = example.getValue();
            String topic = SchemaCatalog.topicOf(record.getSchema()).orElseThrow().defaultName();
            byte[] bytes = codec.encode(topic, record);

            assertThat(bytes[0]).isEqualTo((byte) 0xC3);
            assertThat(bytes[1]).isEqualTo((byte) 0x01);
            long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(fingerprint).as(example.getKey()).isEqualTo(SchemaCatalog.fingerprint(record.getSchema()));
            assertThat(codec.decode(topic, bytes, record.getClass())).as(example.getKey()).isEqualTo(record);

            GenericRecord generic = codec.decodeGeneric(topic, bytes);
            assertThat(generic.getSchema()).isEqualTo(record.getSchema());
            assertThat(AvroJson.toJson(generic)).as(example.getKey()).isEqualTo(AvroJson.toJson(record));
        }
    }

    /**
     * A release older than the current schema (here: CallEvent without {@code prompt} and
     * {@code digits_so_far}, Party without {@code call_path}) is cut into a release folder, loaded back
     * through {@link ReleasedSchemas}, and data written with it decodes with the current classes.
     */
    @Test
    void dataWrittenWithAnOlderReleasedSchemaDecodesWithTheCurrentReader(@TempDir Path dir) throws Exception {
        Schema older = withoutFields(CallEvent.getClassSchema(), List.of("prompt", "digits_so_far"), "call_path");
        ReleasedSchemas.write(dir, "released/", "0.0.9", List.of(older));
        ReleasedSchemas.write(dir, "released/", "0.1.0", SchemaCatalog.CURRENT_TOP_LEVEL);
        SchemaCatalog catalog;
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, null)) {
            ReleasedSchemas releases = ReleasedSchemas.at(loader, "released/");
            assertThat(releases.versions()).containsExactly("0.0.9", "0.1.0");
            catalog = SchemaCatalog.of(SchemaCatalog.CURRENT_TOP_LEVEL,
                    releases.loadAll(List.of("CallEvent", "CallRecord")));
        }
        assertThat(catalog.findByFingerprint(SchemaCatalog.fingerprint(older))).contains(older);

        GenericRecord old = (GenericRecord) AvroJson.fromJson(
                AvroJson.toJson(Examples.callEvent()).replace(",\"call_path\":{\"string\":\"queue:6400\"}", "")
                        .replace(",\"digits_so_far\":null", "").replace(",\"prompt\":null", ""), older);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old).array();

        assertThatThrownBy(() -> codec.decode("pbx.call-events", bytes, CallEvent.class))
                .as("the bundled catalog does not know this made-up release")
                .isInstanceOf(CodecException.class).hasMessageContaining("unknown writer schema fingerprint");
        CallEvent decoded = new SingleObjectCodec(catalog).decode("pbx.call-events", bytes, CallEvent.class);
        CallEvent expected = CallEvent.newBuilder(Examples.callEvent()).build();
        for (Party party : expected.getParties()) {
            party.setCallPath(null);
        }
        assertThat(decoded).isEqualTo(expected);
        assertThat(new SingleObjectCodec(catalog).decodeGeneric("pbx.call-events", bytes).getSchema()).isEqualTo(older);
    }

    @Test
    void unknownFingerprintIsAClearError() {
        byte[] bytes = codec.encode("pbx.cdr", Examples.callRecord());
        ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(2, 0x0123456789abcdefL);

        assertThatThrownBy(() -> codec.decode("pbx.cdr", bytes, CallRecord.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown writer schema fingerprint 0123456789abcdef on pbx.cdr")
                .hasMessageContaining("pbx.schemas");
        assertThatThrownBy(() -> codec.decodeGeneric("pbx.cdr", bytes))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown writer schema fingerprint 0123456789abcdef");
    }

    @Test
    void badMarkerIsAClearError() {
        byte[] bytes = codec.encode("pbx.cdr", Examples.callRecord());
        bytes[0] = 0;

        assertThatThrownBy(() -> codec.decode("pbx.cdr", bytes, CallRecord.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("starts with 00 01, expected C3 01")
                .hasMessageContaining("Confluent");
        assertThatThrownBy(() -> codec.decodeGeneric("pbx.cdr", "{\"json\":true}".getBytes()))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected C3 01");
    }

    @Test
    void truncatedDataIsAClearError() {
        byte[] bytes = codec.encode("pbx.cdr", Examples.callRecord());
        byte[] truncatedBody = Arrays.copyOf(bytes, bytes.length - 20);
        byte[] truncatedHeader = Arrays.copyOf(bytes, 7);

        assertThatThrownBy(() -> codec.decode("pbx.cdr", truncatedBody, CallRecord.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("cannot decode CallRecord from pbx.cdr: truncated or corrupt Avro body");
        assertThatThrownBy(() -> codec.decodeGeneric("pbx.cdr", truncatedBody))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated or corrupt Avro body");
        assertThatThrownBy(() -> codec.decode("pbx.cdr", truncatedHeader, CallRecord.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("7 bytes, the header alone is 10");
        assertThatThrownBy(() -> codec.decode("pbx.cdr", null, CallRecord.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("null value");
    }

    @Test
    void decodingAsTheWrongRecordTypeNamesTheActualType() {
        byte[] bytes = codec.encode("pbx.command-results", Examples.commandResult());

        assertThatThrownBy(() -> codec.decode("pbx.command-results", bytes, CallRecord.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("the record is a io.pbxbridge.schema.CommandResult");
        assertThat(codec.decode("pbx.command-results", bytes, CommandResult.class)).isEqualTo(Examples.commandResult());
    }

    /** A copy of {@code schema} without the given top-level fields and without {@code partyField} in Party. */
    static Schema withoutFields(Schema schema, List<String> fields, String partyField) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(schema.toString());
        removeFields((ArrayNode) root.get("fields"), fields);
        for (var field : root.get("fields")) {
            if (field.get("name").asText().equals("parties")) {
                ObjectNode party = (ObjectNode) field.get("type").get("items");
                removeFields((ArrayNode) party.get("fields"), List.of(partyField));
            }
        }
        return new Schema.Parser().parse(root.toString());
    }

    private static void removeFields(ArrayNode fields, List<String> names) {
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (names.contains(fields.get(i).get("name").asText())) {
                fields.remove(i);
            }
        }
    }
}
