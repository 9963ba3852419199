package io.pbxbridge.schema.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.codec.ReleasedSchemas;
import io.pbxbridge.schema.codec.SchemaCatalog;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's compatibility gate: each current top-level schema must be backward and forward
 * compatible with the last released version (schemas/src/main/resources/io/pbxbridge/schema/released/).
 */
class SchemaCompatibilityTest {
    private static final ReleasedSchemas RELEASES = ReleasedSchemas.bundled();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Schema> latestRelease() {
        String version = RELEASES.latestVersion().orElseThrow(() -> new AssertionError("no released version found"));
        return RELEASES.load(version, recordNames());
    }

    private static List<String> recordNames() {
        return SchemaCatalog.CURRENT_TOP_LEVEL.stream().map(Schema::getName).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyRecordIsCompatibleWithTheLastRelease() {
        Map<String, Schema> released = latestRelease();
        assertThat(released).as("the last release holds the top-level records").isNotEmpty();
        return SchemaCatalog.CURRENT_TOP_LEVEL.stream()
                .filter(schema -> released.containsKey(schema.getName())) // a brand-new record has nothing to break
                .map(schema -> DynamicTest.dynamicTest(schema.getName(), () -> {
                    List<String> problems = CompatibilityGate.problems(schema.getName(), schema,
                            released.get(schema.getName()));
                    assertThat(problems).as("%s vs release %s", schema.getName(), RELEASES.latestVersion().get())
                            .isEmpty();
                }));
    }

    @Test
    void noReleasedRecordWasRemoved() {
        assertThat(recordNames()).containsAll(latestRelease().keySet());
    }

    @Test
    void aNewRequiredFieldWithoutDefaultFailsTheGate() throws Exception {
        Schema released = latestRelease().get("CallEvent");
        ObjectNode json = (ObjectNode) JSON.readTree(CallEvent.getClassSchema().toString());
        ((ArrayNode) json.get("fields")).addObject().put("name", "queue_name").put("type", "string");
        Schema changed = new Schema.Parser().parse(json.toString());

        List<String> problems = CompatibilityGate.problems("CallEvent", changed, released);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("CallEvent is not backward")
                .contains("READER_FIELD_MISSING_DEFAULT").contains("queue_name");
    }

    @Test
    void aRemovedEnumSymbolWithoutDefaultFailsTheGate() throws Exception {
        Schema released = latestRelease().get("ExtensionStatus");
        ObjectNode json = (ObjectNode) JSON.readTree(ExtensionStatus.getClassSchema().toString());
        for (var field : json.get("fields")) {
            if (field.get("name").asText().equals("status")) {
                ObjectNode enumType = (ObjectNode) field.get("type");
                ArrayNode symbols = (ArrayNode) enumType.get("symbols");
                for (int i = symbols.size() - 1; i >= 0; i--) {
                    if (symbols.get(i).asText().equals("RINGING")) {
                        symbols.remove(i);
                    }
                }
                enumType.remove("default");
            }
        }
        Schema changed = new Schema.Parser().parse(json.toString());

        List<String> problems = CompatibilityGate.problems("ExtensionStatus", changed, released);

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("ExtensionStatus is not backward")
                .contains("MISSING_ENUM_SYMBOLS").contains("RINGING"));
    }

    @Test
    void anAddedOptionalFieldPassesTheGate() throws Exception {
        Schema released = latestRelease().get("CallEvent");
        ObjectNode json = (ObjectNode) JSON.readTree(CallEvent.getClassSchema().toString());
        ObjectNode field = ((ArrayNode) json.get("fields")).addObject().put("name", "queue_name");
        field.putArray("type").add("null").add("string");
        field.putNull("default");

        assertThat(CompatibilityGate.problems("CallEvent", new Schema.Parser().parse(json.toString()), released))
                .isEmpty();
    }
}
