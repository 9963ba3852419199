package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.schema.VendorAction;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Set;

/**
 * VENDOR commands: any {@code /api} action with its JSON parameters, for what the neutral model does not
 * cover (queue agents, multicast paging, pmsapi, queueapi, recapi, extension groups, PIN sets …).
 * Session actions are refused; add/update/delete actions get the same coalesced applyChanges as
 * CONFIGURE; recapi, cdrapi, queueapi and pmsapi answers are summarized when they are not JSON.
 * Action names are compared in any letter case: a UCM that answers {@code applychanges} like
 * {@code applyChanges} must not receive either from a command.
 */
final class VendorPassThrough {
    /** Actions that belong to the session: a command calling them would break or hijack it (lower case). */
    static final Set<String> SESSION_ACTIONS = Set.of("challenge", "login", "logout");
    /** Legacy sub-APIs whose answer may be a file, CSV or XML (lower case). */
    static final Set<String> DOWNLOADS = Set.of("recapi", "cdrapi", "queueapi", "pmsapi");

    private VendorPassThrough() {
    }

    static UcmRequest map(VendorAction vendor) {
        String action = vendor.getAction() == null ? "" : vendor.getAction().trim();
        if (action.isEmpty()) {
            throw new InvalidCommandException("vendor.action (a UCM /api action such as listAccount) is required");
        }
        if (!action.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
            throw new InvalidCommandException("vendor.action must be a UCM action name such as listAccount, was '"
                    + action.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        String lower = action.toLowerCase(Locale.ROOT);
        if (SESSION_ACTIONS.contains(lower)) {
            throw new InvalidCommandException("vendor.action " + action + " is managed by the bridge's session and cannot be sent");
        }
        if (lower.equals("applychanges")) {
            throw new InvalidCommandException("vendor.action " + action + " (applyChanges) is sent by the bridge after each"
                    + " configuration change (coalesced); send the change itself");
        }
        JsonObject params = CommandFields.jsonObject("vendor.parameters_json", vendor.getParametersJson());
        CommandFields.rejectEnvelopeKeys("vendor.parameters_json", params);
        if (lower.equals("recapi")) {
            recapiFileName(params);
        }
        if (DOWNLOADS.contains(lower)) {
            return UcmRequest.download(action, params);
        }
        if (lower.startsWith("add") || lower.startsWith("update") || lower.startsWith("delete")) {
            return UcmRequest.change(action, params);
        }
        return UcmRequest.of(action, params);
    }

    /** recapi reads files on the PBX: names must not walk out of the recording directories. */
    private static void recapiFileName(JsonObject params) {
        Object name = params.getValue("filename");
        if (name != null) {
            for (String part : String.valueOf(name).split(",")) {
                CommandFields.name("vendor.parameters_json.filename", part.trim());
            }
        }
    }
}
