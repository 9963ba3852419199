package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ConfigureAction;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import static io.pbxbridge.connector.yeastar.command.CommandFields.present;

/**
 * CONFIGURE commands: extension, IVR and queue updates, and the hotel wake-up calls. The entity's
 * fields come from {@code fields_json} in Yeastar's own field names; the id field is added from
 * {@code id} (and must not contradict a value given in the fields).
 */
final class YeastarConfigureMapper {
    private final YeastarApiVersion version;

    YeastarConfigureMapper(YeastarApiVersion version) {
        this.version = version;
    }

    YeastarRequest map(ConfigureAction configure) {
        ConfigEntity entity = configure.getEntity() == null ? ConfigEntity.UNKNOWN : configure.getEntity();
        ConfigOperation op = configure.getOperation() == null ? ConfigOperation.UNKNOWN : configure.getOperation();
        JsonObject fields = fields(configure.getFieldsJson());
        return switch (entity) {
            case EXTENSION -> update(entity, op, "extension/update",
                    version == YeastarApiVersion.V2_0_0 ? "number" : "extid", configure, fields);
            case IVR -> update(entity, op, "ivr/update", "ivrid", configure, fields);
            case QUEUE -> update(entity, op, "queue/update", "queueid", configure, fields);
            case WAKEUP_CALL -> wakeup(op, configure, fields);
            default -> throw new UnsupportedCommandException("configure " + entity + " is not supported by the Yeastar"
                    + " connector; use a vendor command with the endpoint path");
        };
    }

    private YeastarRequest update(ConfigEntity entity, ConfigOperation op, String endpoint, String idField,
                                  ConfigureAction configure, JsonObject fields) {
        if (op != ConfigOperation.UPDATE) {
            throw new UnsupportedCommandException("configure " + entity + " supports UPDATE only, not " + op);
        }
        if (fields.isEmpty()) {
            throw new InvalidCommandException("configure.fields_json must name at least one field to update");
        }
        return YeastarRequest.of(endpoint, withId(idField, configure, fields));
    }

    private YeastarRequest wakeup(ConfigOperation op, ConfigureAction configure, JsonObject fields) {
        return switch (op) {
            case CREATE -> YeastarRequest.of("wakeupcall/create", withWakeupList(configure, fields));
            case UPDATE -> YeastarRequest.of("wakeupcall/update", withWakeupList(configure, fields));
            case GET -> YeastarRequest.of("wakeupcall/query", withId("extid", configure, fields));
            case LIST -> {
                if (present(configure.getId())) {
                    throw new InvalidCommandException("configure.id: LIST of wake-up calls takes no id (use GET)");
                }
                yield YeastarRequest.of("wakeupcall/query", fields);
            }
            case DELETE -> YeastarRequest.of("wakeupcall/delete", withId("extid", configure, fields));
            default -> throw new InvalidCommandException("configure.operation must be CREATE, GET, LIST, UPDATE or DELETE"
                    + " for WAKEUP_CALL");
        };
    }

    private static JsonObject withWakeupList(ConfigureAction configure, JsonObject fields) {
        if (!(fields.getValue("wakeup") instanceof io.vertx.core.json.JsonArray list) || list.isEmpty()) {
            throw new InvalidCommandException("configure.fields_json needs a non-empty \"wakeup\" array"
                    + " ([{\"time\":\"07:30\",\"type\":\"onetime\",...}])");
        }
        return withId("extid", configure, fields);
    }

    private static JsonObject withId(String idField, ConfigureAction configure, JsonObject fields) {
        String id = CommandFields.number("configure.id", configure.getId());
        Object given = fields.getValue(idField);
        if (given != null && !String.valueOf(given).equals(id)) {
            throw new InvalidCommandException("configure.fields_json." + idField + " (" + given
                    + ") contradicts configure.id (" + id + ")");
        }
        JsonObject body = new JsonObject().put(idField, id);
        fields.forEach(e -> {
            if (!e.getKey().equals(idField)) {
                body.put(e.getKey(), e.getValue());
            }
        });
        return body;
    }

    private static JsonObject fields(String json) {
        if (json == null || json.isBlank()) {
            return new JsonObject();
        }
        JsonObject fields;
        try {
            fields = new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidCommandException("configure.fields_json is not a JSON object: " + e.getMessage());
        }
        fields.fieldNames().forEach(k -> CommandFields.key("configure.fields_json key", k));
        return fields;
    }
}
