package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ConfigureAction;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * CONFIGURE commands → seed-004 add/update/delete/get/list actions, with {@code fields_json} merged into
 * the parameters and {@code id} put under the parameter that names the entity. Changes are marked so the
 * runner follows a {@code need_apply: "yes"} with one coalesced {@code applyChanges}.
 */
final class UcmConfigureMapper {

    /** The actions of one entity (null = the seed has none) and the parameter naming one item per operation. */
    record Actions(String add, String update, String delete, String get, String list,
                   String updateId, String deleteId, String getId) {
    }

    static final Map<ConfigEntity, Actions> ACTIONS = Map.of(
            // SIP accounts exist only as update/get/list in the seed (extensions are created in the web UI).
            ConfigEntity.EXTENSION, new Actions(null, "updateSIPAccount", null, "getSIPAccount", "listAccount",
                    "extension", null, "extension"),
            ConfigEntity.TRUNK, new Actions("addSIPTrunk", "updateSIPTrunk", "deleteSIPTrunk", "getSIPTrunk", "listVoIPTrunk",
                    "trunk", "trunk", "trunk"),
            ConfigEntity.INBOUND_ROUTE, new Actions("addInboundRoute", "updateInboundRoute", "deleteInboundRoute",
                    "getInboundRoute", "listInboundRoute", "inbound_route", "inbound_route", "inbound_route"),
            // updateOutboundRoute: the table's mandatory outbound_rt_index (its example shows outbound_route).
            ConfigEntity.OUTBOUND_ROUTE, new Actions("addOutboundRoute", "updateOutboundRoute", "deleteOutboundRoute",
                    "getOutboundRoute", "listOutboundRoute", "outbound_rt_index", "outbound_route", "outbound_route"),
            ConfigEntity.QUEUE, new Actions("addQueue", "updateQueue", "deleteQueue", "getQueue", "listQueue",
                    "queue", "queue", "queue"),
            ConfigEntity.PAGING_GROUP, new Actions("addPaginggroup", "updatePaginggroup", "deletePaginggroup",
                    "getPaginggroup", "listPaginggroup", "paginggroup", "paginggroup", "paginggroup"),
            ConfigEntity.IVR, new Actions("addIVR", "updateIVR", "deleteIVR", "getIVR", "listIVR", "ivr", "ivr", "ivr"),
            // Users: update/get/list only in the seed.
            ConfigEntity.USER, new Actions(null, "updateUser", null, "getUser", "listUser", "user_name", null, "user_name"));

    /**
     * Entities seed 004 names by number (extension, queue, paging group): digits, at most 32. IVRs are
     * named by an index the seed says will change, so they keep the general name rule.
     */
    static final Set<ConfigEntity> NUMBERED = EnumSet.of(ConfigEntity.EXTENSION, ConfigEntity.QUEUE,
            ConfigEntity.PAGING_GROUP);

    private UcmConfigureMapper() {
    }

    static UcmRequest map(ConfigureAction configure) {
        ConfigEntity entity = configure.getEntity() == null ? ConfigEntity.UNKNOWN : configure.getEntity();
        ConfigOperation op = configure.getOperation() == null ? ConfigOperation.UNKNOWN : configure.getOperation();
        Actions actions = ACTIONS.get(entity);
        if (actions == null) {
            if (entity == ConfigEntity.UNKNOWN) {
                throw new InvalidCommandException("configure.entity is required");
            }
            throw new UnsupportedCommandException("configure " + entity + ": seed 004 documents no actions for it;"
                    + " use a VENDOR command with the action your firmware has");
        }
        JsonObject fields = CommandFields.jsonObject("configure.fields_json", configure.getFieldsJson());
        fields.fieldNames().forEach(k -> CommandFields.key("configure.fields_json key", k));
        CommandFields.rejectEnvelopeKeys("configure.fields_json", fields);
        String id = configure.getId();
        return switch (op) {
            case CREATE -> UcmRequest.change(need(actions.add(), entity, op), noId(fields, id, entity));
            case UPDATE -> UcmRequest.change(need(actions.update(), entity, op), withId(fields, actions.updateId(), entity, id));
            case DELETE -> UcmRequest.change(need(actions.delete(), entity, op), withId(fields, actions.deleteId(), entity, id));
            case GET -> UcmRequest.of(actions.get(), withId(fields, actions.getId(), entity, id));
            case LIST -> UcmRequest.of(actions.list(), list(entity, fields, id));
            default -> throw new InvalidCommandException("configure.operation must be CREATE, UPDATE, DELETE, GET or LIST");
        };
    }

    private static String need(String action, ConfigEntity entity, ConfigOperation op) {
        if (action == null) {
            throw new UnsupportedCommandException("configure " + op + " " + entity + ": seed 004 documents no such action"
                    + " (" + entity + " supports " + supported(ACTIONS.get(entity)) + ")");
        }
        return action;
    }

    private static String supported(Actions a) {
        StringBuilder s = new StringBuilder();
        if (a.add() != null) {
            s.append("CREATE, ");
        }
        if (a.update() != null) {
            s.append("UPDATE, ");
        }
        if (a.delete() != null) {
            s.append("DELETE, ");
        }
        return s.append("GET, LIST").toString();
    }

    private static JsonObject noId(JsonObject fields, String id, ConfigEntity entity) {
        if (CommandFields.present(id)) {
            throw new InvalidCommandException("configure.id must be null for CREATE " + entity
                    + " (the PBX assigns it; give numbers such as extension in fields_json)");
        }
        if (fields.isEmpty()) {
            throw new InvalidCommandException("configure.fields_json is required for CREATE " + entity);
        }
        return fields;
    }

    private static JsonObject withId(JsonObject fields, String param, ConfigEntity entity, String id) {
        String value = NUMBERED.contains(entity) ? CommandFields.digits("configure.id", id) : CommandFields.name("configure.id", id);
        Object inFields = fields.getValue(param);
        if (inFields != null && !String.valueOf(inFields).equals(value)) {
            throw new InvalidCommandException("configure.fields_json." + param + " differs from configure.id");
        }
        return fields.put(param, value);
    }

    private static JsonObject list(ConfigEntity entity, JsonObject fields, String id) {
        if (entity == ConfigEntity.INBOUND_ROUTE) {
            // listInboundRoute lists one trunk's routes: trunk_index is mandatory.
            String trunk = CommandFields.present(id) ? id : fields.getString("trunk_index");
            return fields.put("trunk_index", CommandFields.digits("configure.id (trunk_index)", trunk));
        }
        if (CommandFields.present(id)) {
            throw new InvalidCommandException("configure.id must be null for LIST " + entity);
        }
        return fields;
    }
}
