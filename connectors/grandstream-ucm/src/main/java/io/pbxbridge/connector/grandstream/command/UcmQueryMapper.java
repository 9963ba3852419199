package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.schema.QueryAction;
import io.pbxbridge.schema.QuerySubject;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.pbxbridge.connector.grandstream.command.CommandFields.present;

/**
 * QUERY commands → seed-004 list/get actions. {@code query.filters} pass the seed's paging and
 * selection parameters through (only the names each action documents); cdrapi gets its own filters.
 */
final class UcmQueryMapper {
    /** Paging/selection parameters of the list* actions (seed: options, sidx, sord, page, item_num). */
    static final Set<String> LIST_FILTERS = Set.of("options", "sidx", "sord", "page", "item_num");
    /** cdrapi filters (seed table 70; the seed's typo "tineFilterType" is not sent). */
    static final Set<String> CDR_FILTERS = Set.of("format", "numRecords", "offset", "caller", "callee", "answeredby",
            "startTime", "endTime", "timeFilterType", "minDur", "maxDur", "callerName");
    /** A CDR query answers at most this many rows unless numRecords says fewer, so a result stays small. */
    static final int DEFAULT_CDR_ROWS = 100;
    private static final int MAX_FILTER_LENGTH = 256;

    private UcmQueryMapper() {
    }

    static UcmRequest map(QueryAction query) {
        QuerySubject subject = query.getSubject() == null ? QuerySubject.UNKNOWN : query.getSubject();
        Map<String, String> filters = query.getFilters() == null ? Map.of() : query.getFilters();
        return switch (subject) {
            case SYSTEM_STATUS -> plain("getSystemStatus", filters, Set.of());
            case SYSTEM_INFO -> plain("getSystemGeneralStatus", filters, Set.of());
            case EXTENSIONS -> plain("listAccount", filters, LIST_FILTERS);
            case EXTENSION -> byId("getSIPAccount", "extension", query, filters);
            case TRUNKS -> plain("listVoIPTrunk", filters, LIST_FILTERS);
            case TRUNK -> byId("getSIPTrunk", "trunk", query, filters);
            case INBOUND_ROUTES -> inboundRoutes(query, filters);
            case OUTBOUND_ROUTES -> plain("listOutboundRoute", filters, LIST_FILTERS);
            case QUEUES -> plain("listQueue", filters, LIST_FILTERS);
            case QUEUE -> byId("getQueue", "queue", query, filters);
            case IVRS -> plain("listIVR", filters, LIST_FILTERS);
            case IVR -> byId("getIVR", "ivr", query, filters);
            case USERS -> plain("listUser", filters, LIST_FILTERS);
            case ACTIVE_CALLS -> {
                JsonObject params = params("listBridgedChannels", filters, LIST_FILTERS);
                yield new UcmRequest(List.of(new UcmRequest.ApiCall("listBridgedChannels", params),
                        new UcmRequest.ApiCall("listUnBridgedChannels", params.copy())), UcmRequest.Handling.PLAIN);
            }
            case CDRS -> cdrs(filters);
            case INBOUND_CALLS, OUTBOUND_CALLS -> throw new UnsupportedCommandException("query " + subject
                    + ": the UCM lists channels, not calls by direction; query ACTIVE_CALLS (listBridgedChannels +"
                    + " listUnBridgedChannels, whose inbound_trunk_name/outbound_trunk_name tell the direction)");
            case RING_GROUPS -> throw new UnsupportedCommandException("query RING_GROUPS: seed 004 documents no ring group"
                    + " list action; use a VENDOR command with the action your firmware has");
            default -> throw new InvalidCommandException("query.subject must be one of " + List.of(QuerySubject.values())
                    .stream().filter(s -> s != QuerySubject.UNKNOWN).toList());
        };
    }

    private static UcmRequest plain(String action, Map<String, String> filters, Set<String> allowed) {
        return UcmRequest.of(action, params(action, filters, allowed));
    }

    private static UcmRequest byId(String action, String idParam, QueryAction query, Map<String, String> filters) {
        // Extensions and queues are named by number (seed 004); trunks and IVRs by id.
        String id = idParam.equals("extension") || idParam.equals("queue") ? CommandFields.digits("query.id", query.getId())
                : CommandFields.name("query.id", query.getId());
        return UcmRequest.of(action, params(action, filters, Set.of()).put(idParam, id));
    }

    private static UcmRequest inboundRoutes(QueryAction query, Map<String, String> filters) {
        // listInboundRoute lists the routes of one trunk: trunk_index is mandatory (seed table).
        String trunk = present(query.getId()) ? query.getId() : filters.get("trunk_index");
        if (!present(trunk)) {
            throw new InvalidCommandException("query INBOUND_ROUTES needs the trunk: query.id or filters.trunk_index"
                    + " (listInboundRoute lists one trunk's routes)");
        }
        Map<String, String> rest = new java.util.HashMap<>(filters);
        rest.remove("trunk_index");
        return UcmRequest.of("listInboundRoute", params("listInboundRoute", rest, LIST_FILTERS)
                .put("trunk_index", CommandFields.digits("query.id", trunk)));
    }

    private static UcmRequest cdrs(Map<String, String> filters) {
        JsonObject params = params("cdrapi", filters, CDR_FILTERS);
        if (!params.containsKey("format")) {
            params.put("format", "json");
        }
        if (!Set.of("json", "csv", "xml").contains(params.getString("format"))) {
            throw new InvalidCommandException("query.filters.format must be json, csv or xml");
        }
        if (!params.containsKey("numRecords")) {
            params.put("numRecords", String.valueOf(DEFAULT_CDR_ROWS));
        }
        return UcmRequest.download("cdrapi", params);
    }

    static JsonObject params(String action, Map<String, String> filters, Set<String> allowed) {
        JsonObject params = new JsonObject();
        filters.forEach((k, v) -> {
            if (!allowed.contains(k)) {
                throw new InvalidCommandException("query.filters." + k + " is not a parameter of " + action
                        + (allowed.isEmpty() ? " (it takes none)" : " (allowed: " + allowed.stream().sorted().toList() + ")"));
            }
            if (v == null || v.length() > MAX_FILTER_LENGTH) {
                throw new InvalidCommandException("query.filters." + k + " must be 1-" + MAX_FILTER_LENGTH + " characters");
            }
            if (v.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL)) {
                throw new InvalidCommandException("query.filters." + k + " contains a control character");
            }
            params.put(k, v);
        });
        return params;
    }
}
