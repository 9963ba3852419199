package io.pbxbridge.connector.yeastar.sim;

import io.vertx.core.json.JsonObject;

/** A simulated extension: its live state and its settings as {@code extension/query} shows them. */
final class SimExtension {
    final String number;
    final JsonObject settings;
    ExtensionState state = ExtensionState.IDLE;

    SimExtension(String number) {
        this.number = number;
        this.settings = new JsonObject()
                .put("extid", number)
                .put("username", "Ext " + number)
                .put("type", "SIP")
                .put("callerid", number)
                .put("registername", number)
                .put("hasvoicemail", "on")
                .put("dnd", "off")
                .put("monitormode", "extensive")
                .put("allowbeingmonitored", "yes")
                .put("outboundpermission", "yes");
    }

    boolean idle() {
        return state == ExtensionState.IDLE || state == ExtensionState.REGISTERED;
    }

    /** The status word {@code extensionlist/query} shows. */
    String listStatus() {
        return switch (state) {
            case RINGING -> "Ringing";
            case BUSY -> "Busy";
            case UNREGISTERED -> "Unavailable";
            default -> "Registered";
        };
    }
}
