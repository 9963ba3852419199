package io.pbxbridge.bridge.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.RecordCodec;
import org.apache.avro.generic.GenericRecord;
import io.vertx.kafka.client.producer.KafkaHeader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Finds the command id (and PBX id) of a record that cannot be decoded, so its producer still gets an
 * {@code INVALID} result: the {@code ce_id} header (producers set it to the command id), else — best
 * effort — the {@code command_id}/{@code pbx_id} fields of a JSON body (a common producer mistake) or
 * of the record read generically with its own writer schema.
 * Recovered values must pass the id rules, so nothing odd reaches a result.
 */
final class CommandIdRecovery {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_JSON_BYTES = 64 * 1024;

    record Recovered(String commandId, String pbxId) {
    }

    private CommandIdRecovery() {
    }

    static Optional<Recovered> recover(List<KafkaHeader> headers, byte[] value, String key, RecordCodec codec,
                                       String topic) {
        String fromHeader = null;
        for (KafkaHeader h : headers) {
            if (CloudEventHeaders.ID.equals(h.key()) && h.value() != null) {
                fromHeader = h.value().toString(StandardCharsets.UTF_8);
            }
        }
        String jsonCommandId = null;
        String jsonPbxId = null;
        if (value != null && value.length > 0 && value.length <= MAX_JSON_BYTES && value[0] == '{') {
            try {
                JsonNode node = JSON.readTree(value);
                if (node != null && node.isObject()) {
                    jsonCommandId = text(node, "command_id");
                    jsonPbxId = text(node, "pbx_id");
                }
            } catch (java.io.IOException | RuntimeException ignored) {
                // not JSON either: only the header can help
            }
        }
        if (jsonCommandId == null && value != null) {
            // A record the codec can frame but not read as a Command (another record type, a writer
            // schema it cannot resolve to Command): its own fields may still name the command.
            try {
                GenericRecord generic = codec.decodeGeneric(topic, value);
                jsonCommandId = field(generic, "command_id");
                jsonPbxId = field(generic, "pbx_id");
            } catch (RuntimeException ignored) {
                // corrupt bytes: only the header can help
            }
        }
        String commandId = valid(fromHeader) ? fromHeader : valid(jsonCommandId) ? jsonCommandId : null;
        if (commandId == null) {
            return Optional.empty();
        }
        String pbxId = valid(jsonPbxId) ? jsonPbxId : valid(key) ? key : "";
        return Optional.of(new Recovered(commandId, pbxId));
    }

    private static String field(GenericRecord record, String name) {
        if (record.getSchema().getField(name) == null) {
            return null;
        }
        Object v = record.get(name);
        return v instanceof CharSequence cs ? cs.toString() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static boolean valid(String id) {
        return id != null && !id.isBlank() && id.length() <= CommandValidator.MAX_ID_LENGTH
                && id.codePoints().noneMatch(CommandValidator::forbidden);
    }
}
