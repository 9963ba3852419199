package io.pbxbridge.schema.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;

import java.io.UncheckedIOException;
import java.util.Set;

/**
 * A schema's JSON as other Avro libraries should see it: without the Java-only properties
 * ({@code "avro.java.string": "String"} on every string) that Avro's Java code generator adds. This is
 * what the bridge publishes to {@code pbx.schemas} and registers with a schema registry.
 *
 * <p>Why: Apache Avro's Python library (1.11, and its current code) keeps a primitive that carries any
 * extra property as {@code {"type":"string"}} in its Parsing Canonical Form, so it would compute another
 * fingerprint than the one on the records. (It does the same with {@code logicalType}, which is part of the
 * contract and stays; schemas/README.md shows the Python reader that corrects it.) Java's canonical form
 * ignores these properties, so the fingerprint is the same with or without them: records already written
 * keep resolving.
 */
public final class PortableSchemaJson {
    /** Prefix of the properties only Avro's Java implementation reads. */
    public static final String JAVA_PROPERTY_PREFIX = "avro.java.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PRIMITIVES = Set.of("null", "boolean", "int", "long", "float", "double",
            "bytes", "string");

    private PortableSchemaJson() {
    }

    /** The schema's compact JSON without any {@code avro.java.*} property. */
    public static String of(Schema schema) {
        try {
            return JSON.writeValueAsString(portable(JSON.readTree(schema.toString())));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Avro wrote schema JSON Jackson cannot read: " + schema.getFullName(), e);
        }
    }

    private static JsonNode portable(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = JSON.createObjectNode();
            object.fields().forEachRemaining(field -> {
                if (field.getKey().equals("default")) {
                    out.set(field.getKey(), field.getValue()); // data: a map key there is no property
                } else if (!field.getKey().startsWith(JAVA_PROPERTY_PREFIX)) {
                    out.set(field.getKey(), portable(field.getValue()));
                }
            });
            // {"type":"string"} left without its property is written "string", as Avro writes it.
            JsonNode type = out.get("type");
            return out.size() == 1 && type.isTextual() && PRIMITIVES.contains(type.asText()) ? type : out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = JSON.createArrayNode();
            array.forEach(element -> out.add(portable(element)));
            return out;
        }
        return node;
    }
}
