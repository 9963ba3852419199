package io.pbxbridge.connector.yeastar.session;

import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.VendorAction;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Executes a validated command through a session and turns the PBX's reply into an outcome.
 * Mapping of the vendor-neutral actions onto endpoints lives in {@link #request(Command)}.
 */
final class YeastarCommandExecutor {
    private final YeastarSession session;
    private final YeastarApiVersion version;

    YeastarCommandExecutor(YeastarSession session, YeastarApiVersion version) {
        this.session = session;
        this.version = version;
    }

    Future<CommandOutcome> execute(Command command) {
        YeastarRequest request;
        try {
            request = request(command);
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(CommandOutcome.failed(CommandStatus.INVALID, null, e.getMessage()));
        }
        if (request == null) {
            return Future.succeededFuture(CommandOutcome.failed(CommandStatus.NOT_SUPPORTED, null,
                    "action " + command.getAction() + " is not supported by the Yeastar connector yet"));
        }
        return session.call(request.endpoint(), request.body())
                .map(YeastarCommandExecutor::outcome)
                .recover(e -> Future.succeededFuture(CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE, null,
                        e.getMessage())));
    }

    private YeastarRequest request(Command command) {
        if (command.getAction() == CommandAction.VENDOR) {
            VendorAction vendor = command.getVendor();
            if (vendor == null || vendor.getAction() == null || vendor.getAction().isBlank()) {
                throw new IllegalArgumentException("vendor.action (the API path, e.g. extensionlist/query) is required");
            }
            String path = vendor.getAction().replaceFirst("^/+", "");
            if (!path.matches("[A-Za-z0-9_/]+")) {
                throw new IllegalArgumentException("vendor.action must be an API path like extension/query");
            }
            JsonObject params;
            try {
                params = vendor.getParametersJson() == null ? new JsonObject() : new JsonObject(vendor.getParametersJson());
            } catch (DecodeException e) {
                throw new IllegalArgumentException("vendor.parameters_json is not a JSON object: " + e.getMessage());
            }
            return new YeastarRequest(path, params);
        }
        return null;
    }

    static CommandOutcome outcome(YeastarResponse response) {
        if (response.success()) {
            return CommandOutcome.succeeded(response.body().getString("callid"), response.body().encode());
        }
        return new CommandOutcome(CommandStatus.PBX_ERROR, response.errno(), response.describeError(), null,
                response.body().encode());
    }

    /** An endpoint (relative to {@code /api/v{ver}/}) and its JSON body. */
    record YeastarRequest(String endpoint, JsonObject body) {
    }
}
