package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.codec.AvroJson;
import io.pbxbridge.schema.codec.CodecException;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.util.internal.JacksonUtils;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Reads a {@link Command} from JSON an operator wrote: Avro's JSON encoding (unions as
 * {@code {"type": value}}) or plain JSON (unions as the bare value, enums in any case with dashes,
 * times as ISO-8601 or epoch millis, JSON objects for the {@code *_json} string fields). Both are
 * first normalized to Avro JSON, walking the schema, so an error names the exact field.
 * {@code issued_at} defaults to now and a missing {@code command_id} is generated.
 */
final class CommandJson {
    /** Text after the command is an error, not silently ignored (a second object, a paste gone wrong). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** @param generatedId true when {@code command_id} was not given and was generated */
    record Parsed(Command command, boolean generatedId) {
    }

    private CommandJson() {
    }

    static Parsed parse(String text, Instant now) throws CommandJsonException {
        return parse(text, now, () -> UUID.randomUUID().toString());
    }

    static Parsed parse(String text, Instant now, Supplier<String> ids) throws CommandJsonException {
        JsonNode input;
        try {
            input = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // Limits (nesting deeper than 1000, huge numbers) are reported without a location.
            JsonLocation at = e.getLocation();
            throw new CommandJsonException("not JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (input == null || !input.isObject()) {
            throw new CommandJsonException("expected a JSON object with the command, got "
                    + (input == null || input.isMissingNode() ? "nothing" : input.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        ObjectNode command = ((ObjectNode) input).deepCopy();
        boolean generated = false;
        if (isAbsent(command.get("command_id"))) {
            command.put("command_id", ids.get());
            generated = true;
        }
        if (isAbsent(command.get("issued_at"))) {
            command.put("issued_at", now.toEpochMilli());
        }
        JsonNode avroJson = convert(command, Command.getClassSchema(), "");
        try {
            return new Parsed(AvroJson.fromJson(avroJson.toString(), Command.class), generated);
        } catch (CodecException e) {
            throw new CommandJsonException("not a valid Command: " + e.getMessage());
        }
    }

    /** Rewrites {@code value} into Avro's JSON encoding of {@code schema}. */
    static JsonNode convert(JsonNode value, Schema schema, String path) throws CommandJsonException {
        return switch (schema.getType()) {
            case UNION -> union(value, schema, path);
            case RECORD -> record(value, schema, path);
            case ENUM -> enumSymbol(value, schema, path);
            case STRING -> string(value, path);
            case LONG -> longValue(value, schema, path);
            case INT -> intValue(value, path);
            case BOOLEAN -> bool(value, path);
            case DOUBLE, FLOAT -> number(value, path);
            case ARRAY -> array(value, schema, path);
            case MAP -> map(value, schema, path);
            case NULL -> nullValue(value, path);
            default -> {
                if (value.isTextual()) {
                    yield value;
                }
                throw bad(path, "unsupported value " + describe(value) + " for Avro type " + schema.getType());
            }
        };
    }

    /** In any letter case, dashes for underscores: {@code "ring-group"} is {@code RING_GROUP}. */
    private static JsonNode enumSymbol(JsonNode value, Schema schema, String path) throws CommandJsonException {
        if (!value.isTextual()) {
            throw bad(path, "expected one of " + schema.getEnumSymbols() + ", got " + describe(value));
        }
        String symbol = value.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (!schema.hasEnumSymbol(symbol)) {
            throw bad(path, "unknown value '" + value.asText() + "', expected one of " + schema.getEnumSymbols());
        }
        return NODES.textNode(symbol);
    }

    private static JsonNode string(JsonNode value, String path) throws CommandJsonException {
        if (value.isTextual()) {
            return value;
        }
        if (value.isContainerNode() && path.endsWith("_json")) {
            return NODES.textNode(value.toString()); // parameters_json, fields_json given as an object
        }
        if (value.isNumber() && value.isIntegralNumber()) {
            return NODES.textNode(value.asText()); // a phone number or id written without quotes
        }
        throw bad(path, "expected a string, got " + describe(value));
    }

    private static JsonNode longValue(JsonNode value, Schema schema, String path) throws CommandJsonException {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return NODES.numberNode(epochMillis(value, path));
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return NODES.numberNode(value.asLong());
        }
        throw bad(path, "expected a whole number, got " + describe(value));
    }

    private static JsonNode intValue(JsonNode value, String path) throws CommandJsonException {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return NODES.numberNode(value.asInt());
        }
        throw bad(path, "expected a whole number (32-bit), got " + describe(value));
    }

    private static JsonNode bool(JsonNode value, String path) throws CommandJsonException {
        if (value.isBoolean()) {
            return value;
        }
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
            return NODES.booleanNode(Boolean.parseBoolean(value.asText()));
        }
        throw bad(path, "expected true or false, got " + describe(value));
    }

    private static JsonNode number(JsonNode value, String path) throws CommandJsonException {
        if (value.isNumber()) {
            return value;
        }
        throw bad(path, "expected a number, got " + describe(value));
    }

    private static JsonNode array(JsonNode value, Schema schema, String path) throws CommandJsonException {
        if (!value.isArray()) {
            throw bad(path, "expected an array, got " + describe(value));
        }
        var out = NODES.arrayNode();
        for (int i = 0; i < value.size(); i++) {
            out.add(convert(value.get(i), schema.getElementType(), path + "[" + i + "]"));
        }
        return out;
    }

    private static JsonNode map(JsonNode value, Schema schema, String path) throws CommandJsonException {
        if (!value.isObject()) {
            throw bad(path, "expected an object, got " + describe(value));
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), convert(e.getValue(), schema.getValueType(), join(path, e.getKey())));
        }
        return out;
    }

    private static JsonNode nullValue(JsonNode value, String path) throws CommandJsonException {
        if (value.isNull()) {
            return value;
        }
        throw bad(path, "expected null, got " + describe(value));
    }

    private static JsonNode record(JsonNode value, Schema schema, String path) throws CommandJsonException {
        if (!value.isObject()) {
            throw bad(path, "expected an object (" + schema.getName() + "), got " + describe(value));
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw bad(join(path, name), "unknown field; " + schema.getName() + " has "
                        + schema.getFields().stream().map(Schema.Field::name).toList());
            }
        }
        ObjectNode out = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            JsonNode given = value.get(field.name());
            String fieldPath = join(path, field.name());
            if (given == null || (given.isNull() && !acceptsNull(field.schema()))) {
                if (!field.hasDefaultValue()) {
                    throw bad(fieldPath, "is required");
                }
                out.set(field.name(), JacksonUtils.toJsonNode(field.defaultVal()));
            } else {
                out.set(field.name(), convert(given, field.schema(), fieldPath));
            }
        }
        return out;
    }

    private static JsonNode union(JsonNode value, Schema schema, String path) throws CommandJsonException {
        if (value.isNull()) {
            if (acceptsNull(schema)) {
                return value;
            }
            throw bad(path, "must not be null");
        }
        List<Schema> branches = schema.getTypes();
        // Avro JSON: {"io.pbxbridge.schema.DialAction": {...}} or {"string": "x"}.
        if (value.isObject() && value.size() == 1) {
            String name = value.fieldNames().next();
            for (Schema branch : branches) {
                if (branch.getType() != Schema.Type.NULL && branchName(branch).equals(name)) {
                    ObjectNode out = NODES.objectNode();
                    out.set(name, convert(value.get(name), branch, path));
                    return out;
                }
            }
        }
        List<Schema> nonNull = branches.stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
        if (nonNull.size() != 1) {
            throw bad(path, "ambiguous union: write it as {\"<type>\": value} with one of "
                    + nonNull.stream().map(CommandJson::branchName).toList());
        }
        ObjectNode out = NODES.objectNode();
        out.set(branchName(nonNull.get(0)), convert(value, nonNull.get(0), path));
        return out;
    }

    private static long epochMillis(JsonNode value, String path) throws CommandJsonException {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            try {
                if (text.matches("-?\\d+")) {
                    return Long.parseLong(text);
                }
                try {
                    return Instant.parse(text).toEpochMilli();
                } catch (DateTimeException e) {
                    return OffsetDateTime.parse(text).toInstant().toEpochMilli();
                }
            } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
                // Unparseable, or a valid ISO year such as +999999999 that epoch millis cannot hold.
                throw bad(path, "'" + text + "' is not an ISO-8601 instant (2026-11-26T20:15:00Z) or epoch millis"
                        + " within the range of a timestamp");
            }
        }
        throw bad(path, "expected an ISO-8601 instant or epoch millis, got " + describe(value));
    }

    /** The name Avro's JSON encoding uses for a union branch: the full name of named types, else the type. */
    private static String branchName(Schema branch) {
        return switch (branch.getType()) {
            case RECORD, ENUM, FIXED -> branch.getFullName();
            default -> branch.getType().getName();
        };
    }

    private static boolean acceptsNull(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || (schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL));
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().toString().toLowerCase(Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }

    private static CommandJsonException bad(String path, String message) {
        return new CommandJsonException("field '" + (path.isEmpty() ? "<root>" : path) + "': " + message);
    }
}
