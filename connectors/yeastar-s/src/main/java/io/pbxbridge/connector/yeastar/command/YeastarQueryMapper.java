package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.schema.QueryAction;
import io.pbxbridge.schema.QuerySubject;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

import static io.pbxbridge.connector.yeastar.command.CommandFields.present;

/**
 * QUERY commands. {@code id} becomes the endpoint's id field (a comma-separated list is allowed where
 * Yeastar allows it); {@code filters} are added to the body as vendor fields, so nothing the client
 * asked for is dropped.
 */
final class YeastarQueryMapper {
    private final YeastarApiVersion version;

    YeastarQueryMapper(YeastarApiVersion version) {
        this.version = version;
    }

    YeastarRequest map(QueryAction query) {
        QuerySubject subject = query.getSubject() == null ? QuerySubject.UNKNOWN : query.getSubject();
        boolean v2 = version == YeastarApiVersion.V2_0_0;
        YeastarRequest request = switch (subject) {
            case SYSTEM_INFO -> YeastarRequest.of("deviceinfo/query", new JsonObject());
            case EXTENSIONS -> YeastarRequest.of(v2 ? "extension/list" : "extensionlist/query", new JsonObject());
            case EXTENSION -> YeastarRequest.of("extension/query",
                    new JsonObject().put(v2 ? "number" : "extid", requiredId(query, "extension number(s)")));
            case TRUNKS -> YeastarRequest.of(v2 ? "trunk/list" : "trunklist/query", new JsonObject());
            case INBOUND_CALLS -> v1Only(v2, subject, YeastarRequest.of("inbound/query", optionalId(query, "inboundid")));
            case OUTBOUND_CALLS -> v1Only(v2, subject, YeastarRequest.of("outbound/query", optionalId(query, "outboundid")));
            case ACTIVE_CALLS -> v2
                    ? YeastarRequest.of("extension/query_call", optionalId(query, "number"))
                    : new YeastarRequest(List.of(
                            new YeastarRequest.ApiCall("inbound/query", new JsonObject()),
                            new YeastarRequest.ApiCall("outbound/query", new JsonObject())));
            case IVRS -> YeastarRequest.of("ivr/query", new JsonObject());
            case IVR -> YeastarRequest.of("ivr/query", new JsonObject().put("ivrid", requiredId(query, "IVR number")));
            case QUEUES -> YeastarRequest.of("queue/query", new JsonObject());
            case QUEUE -> YeastarRequest.of("queue/query", new JsonObject().put("queueid", requiredId(query, "queue number")));
            default -> throw new UnsupportedCommandException("query subject " + subject + " is not supported by the"
                    + " Yeastar connector (API v" + version.wire() + "); use a vendor command with the endpoint path");
        };
        if (subject == QuerySubject.ACTIVE_CALLS && !v2 && present(query.getId())) {
            throw new InvalidCommandException("query.id: ACTIVE_CALLS lists every call; use INBOUND_CALLS or"
                    + " OUTBOUND_CALLS with an id");
        }
        addFilters(query.getFilters(), request);
        return request;
    }

    private YeastarRequest v1Only(boolean v2, QuerySubject subject, YeastarRequest request) {
        if (v2) {
            throw new UnsupportedCommandException("query " + subject + " has no endpoint in Yeastar API v2.0.0"
                    + " (inbound/query and outbound/query are v1); use ACTIVE_CALLS (extension/query_call)");
        }
        return request;
    }

    private static String requiredId(QueryAction query, String what) {
        if (!present(query.getId())) {
            throw new InvalidCommandException("query.id (the " + what + ") is required for subject " + query.getSubject());
        }
        return CommandFields.numberList("query.id", query.getId());
    }

    private static JsonObject optionalId(QueryAction query, String field) {
        JsonObject body = new JsonObject();
        if (present(query.getId())) {
            String id = query.getId();
            for (String part : id.split(",", -1)) {
                CommandFields.legRef("query.id", part);
            }
            body.put(field, id);
        }
        return body;
    }

    private static void addFilters(Map<String, String> filters, YeastarRequest request) {
        if (filters == null || filters.isEmpty()) {
            return;
        }
        for (YeastarRequest.ApiCall call : request.calls()) {
            for (Map.Entry<String, String> f : filters.entrySet()) {
                String key = CommandFields.key("query.filters key", String.valueOf(f.getKey()));
                if (call.body().containsKey(key)) {
                    throw new InvalidCommandException("query.filters." + key + " conflicts with query.id");
                }
                String value = f.getValue() == null ? "" : f.getValue();
                CommandFields.rejectControlOrSeparator("query.filters." + key, value.replace(" ", "_"));
                call.body().put(key, value);
            }
        }
    }
}
