package io.pbxbridge.schema.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pbxbridge.schema.CallEvent;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PortableSchemaJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theGeneratedClassesKeepTheJavaPropertyThatIsPublishedWithout() throws Exception {
        assertThat(CallEvent.getClassSchema().toString()).contains("\"avro.java.string\":\"String\"");
        assertThat(propertyNames(PortableSchemaJson.of(CallEvent.getClassSchema())))
                .isNotEmpty().noneMatch(name -> name.startsWith("avro.java."));
    }

    @Test
    void everyPublishedSchemaHasNoJavaPropertyAndTheFingerprintOfItsKey() throws Exception {
        Map<String, String> published = SchemaCatalog.standard().schemaTopicRecords();
        // Current schemas and the frozen 0.1.0 release (its files keep the property; publishing strips it).
        assertThat(published).hasSizeGreaterThanOrEqualTo(SchemaCatalog.CURRENT_TOP_LEVEL.size())
                .containsKey("6f4dcb4083efb1b4");
        for (Map.Entry<String, String> record : published.entrySet()) {
            assertThat(propertyNames(record.getValue())).as(record.getKey())
                    .noneMatch(name -> name.startsWith("avro.java."));
            Schema parsed = new Schema.Parser().parse(record.getValue());
            assertThat(SchemaCatalog.fingerprintHex(parsed)).isEqualTo(record.getKey());
        }
    }

    @Test
    void javasCanonicalFormIgnoresTheJavaPropertySoWrittenRecordsKeepTheirFingerprint() {
        List<Schema> all = new ArrayList<>(SchemaCatalog.standard().schemasByHexFingerprint().values());
        for (Schema schema : all) {
            Schema portable = new Schema.Parser().parse(PortableSchemaJson.of(schema));
            assertThat(portable).as(schema.getFullName()).isNotEqualTo(schema); // the properties differ...
            assertThat(SchemaNormalization.toParsingForm(portable)).as(schema.getFullName())   // ...the parsed form does not
                    .isEqualTo(SchemaNormalization.toParsingForm(schema)).doesNotContain("avro.java");
            assertThat(SchemaCatalog.fingerprint(portable)).isEqualTo(SchemaCatalog.fingerprint(schema));
        }
    }

    @Test
    void otherPropertiesAndDefaultValuesAreKept() throws Exception {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"Probe","my.prop":"kept","fields":[
                  {"name":"m","type":{"type":"map","values":{"type":"string","avro.java.string":"String"}},
                   "default":{"avro.java.string":"data, not a property"}},
                  {"name":"t","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");
        JsonNode portable = JSON.readTree(PortableSchemaJson.of(schema));
        assertThat(portable.path("my.prop").asText()).isEqualTo("kept");
        assertThat(portable.at("/fields/0/type/values").asText()).isEqualTo("string");
        assertThat(portable.at("/fields/0/default/avro.java.string").asText()).isEqualTo("data, not a property");
        assertThat(portable.at("/fields/1/type/logicalType").asText()).isEqualTo("timestamp-millis");
    }

    /** Every object key of the JSON, at any depth, outside default values. */
    private static List<String> propertyNames(String json) throws Exception {
        List<String> names = new ArrayList<>();
        collect(JSON.readTree(json), names);
        return names;
    }

    private static void collect(JsonNode node, List<String> names) {
        node.fields().forEachRemaining(field -> {
            names.add(field.getKey());
            if (!field.getKey().equals("default")) {
                collect(field.getValue(), names);
            }
        });
        if (node.isArray()) {
            node.forEach(element -> collect(element, names));
        }
    }
}
