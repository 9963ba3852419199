package io.pbxbridge.connector.yeastar.sim;

/** Call flows the simulator can play; each ends with its {@code NewCdr} (except a refused inbound call). */
public enum Scenario {
    /** Extension to extension: ringing, answered, released. */
    INTERNAL,
    /** External caller through a trunk to an extension; Invite first when the trunk has answering control. */
    INBOUND,
    /** Extension to an external number through a trunk (with outboundid). */
    OUTBOUND,
    /** Outbound attempt that fails with a documented CallFailed reason. */
    FAILED,
    /** Internal call that the callee transfers to a third extension from the phone (reported as Tranfer). */
    TRANSFERRED,
    /** Inbound call answered by an IVR; the caller keys an extension number (DTMF) and is connected. */
    IVR_DTMF
}
