package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.schema.VendorAction;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/** VENDOR commands: any API path with its JSON parameters, for what the neutral model does not cover. */
final class VendorPassThrough {
    /** Endpoints that belong to the session: a command calling them would break or hijack it. */
    private static final Set<String> SESSION_ENDPOINTS = Set.of("login", "logout", "heartbeat", "token/refresh");

    private VendorPassThrough() {
    }

    static YeastarRequest map(VendorAction vendor) {
        if (vendor.getAction() == null || vendor.getAction().isBlank()) {
            throw new InvalidCommandException("vendor.action (the API path, e.g. extensionlist/query) is required");
        }
        String path = vendor.getAction().replaceFirst("^/+", "");
        if (!path.matches("[A-Za-z0-9_/]+") || path.contains("//") || path.endsWith("/")) {
            throw new InvalidCommandException("vendor.action must be an API path like extension/query"
                    + " (letters, digits, _ and /), was '" + vendor.getAction() + "'");
        }
        if (SESSION_ENDPOINTS.contains(path.toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidCommandException("vendor.action " + path + " is reserved for the bridge's own session");
        }
        JsonObject params;
        try {
            params = vendor.getParametersJson() == null || vendor.getParametersJson().isBlank()
                    ? new JsonObject() : new JsonObject(vendor.getParametersJson());
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidCommandException("vendor.parameters_json is not a JSON object: " + e.getMessage());
        }
        return YeastarRequest.of(path, params);
    }
}
