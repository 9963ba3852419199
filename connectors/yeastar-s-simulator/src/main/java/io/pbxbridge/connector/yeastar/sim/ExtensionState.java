package io.pbxbridge.connector.yeastar.sim;

/** Extension status as the v1 {@code ExtensionStatus} report names it (spec §A.3.2). */
enum ExtensionState {
    REGISTERED("Registered"), UNREGISTERED("Unregistered"), IDLE("Idle"), RINGING("Ringing"), BUSY("Busy");

    final String v1;

    ExtensionState(String v1) {
        this.v1 = v1;
    }

    /** v2 reports going back to idle as {@code Registered} (K2v2/CPv2 event-ExtensionStatus). */
    String wire(ReportFormat format) {
        return format == ReportFormat.MEMBERS && this == IDLE ? "Registered" : v1;
    }
}
