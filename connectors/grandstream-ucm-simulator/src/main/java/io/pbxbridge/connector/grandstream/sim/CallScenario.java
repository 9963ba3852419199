package io.pbxbridge.connector.grandstream.sim;

/** Kinds of generated call flows (see {@link UcmSimulator#runScenario}). */
public enum CallScenario {
    /** Extension calls extension, answered, talks, hangs up. */
    INTERNAL,
    /** External caller on a trunk; with Call Control on it waits for acceptCall/refuseCall first. */
    INBOUND,
    /** Extension calls an external number through a trunk. */
    OUTBOUND,
    /** Extension calls extension, nobody answers (NO ANSWER). */
    FAILED,
    /** Internal call, answered, then the callee transfers the caller to a third extension. */
    TRANSFERRED,
    /** External caller into queue 6500; all agents ring, one answers. */
    QUEUE,
    /** Started by an API dial action (dialExtension, dialOutbound...). */
    API
}
