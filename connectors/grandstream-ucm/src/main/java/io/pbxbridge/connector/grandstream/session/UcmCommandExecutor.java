package io.pbxbridge.connector.grandstream.session;

import io.pbxbridge.connector.grandstream.api.UcmApi;
import io.pbxbridge.connector.grandstream.api.UcmResponse;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.VendorAction;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Executes commands through the session. For now only the VENDOR pass-through (an {@code /api} action
 * name and its JSON parameters); the vendor-neutral actions answer NOT_SUPPORTED until they are mapped.
 */
final class UcmCommandExecutor {
    /** Actions that would disturb the session itself; the session owns them. */
    private static final Set<String> SESSION_ACTIONS = Set.of("challenge", "login", "logout");

    private final UcmApi api;

    UcmCommandExecutor(UcmApi api) {
        this.api = api;
    }

    Future<CommandOutcome> execute(Command command) {
        if (command.getAction() != CommandAction.VENDOR) {
            return Future.succeededFuture(CommandOutcome.failed(CommandStatus.NOT_SUPPORTED, null,
                    "action " + command.getAction() + " is not supported by the Grandstream UCM connector yet"));
        }
        VendorAction vendor = command.getVendor();
        if (vendor == null || vendor.getAction() == null || vendor.getAction().isBlank()) {
            return invalid("vendor.action (a UCM /api action such as listAccount) is required");
        }
        String action = vendor.getAction().trim();
        if (!action.matches("[A-Za-z][A-Za-z0-9_]*")) {
            return invalid("vendor.action must be a UCM action name such as listAccount");
        }
        if (SESSION_ACTIONS.contains(action)) {
            return invalid("vendor.action " + action + " is managed by the session and cannot be sent");
        }
        JsonObject params;
        try {
            params = vendor.getParametersJson() == null || vendor.getParametersJson().isBlank()
                    ? new JsonObject() : new JsonObject(vendor.getParametersJson());
        } catch (DecodeException | ClassCastException e) {
            return invalid("vendor.parameters_json is not a JSON object");
        }
        return api.call(action, params)
                .map(UcmCommandExecutor::outcome)
                .recover(e -> Future.succeededFuture(
                        CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE, null, e.getMessage())));
    }

    static CommandOutcome outcome(UcmResponse response) {
        if (response.success()) {
            return CommandOutcome.succeeded(null, response.body().encode());
        }
        return new CommandOutcome(CommandStatus.PBX_ERROR, Integer.toString(response.status()),
                response.describeError(), null, response.body().encode());
    }

    private static Future<CommandOutcome> invalid(String reason) {
        return Future.succeededFuture(CommandOutcome.failed(CommandStatus.INVALID, null, reason));
    }
}
