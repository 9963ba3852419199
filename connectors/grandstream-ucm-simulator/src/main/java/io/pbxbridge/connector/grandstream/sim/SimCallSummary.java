package io.pbxbridge.connector.grandstream.sim;

import java.util.List;

/** How a generated call ended: its linkedid, parties, CDR disposition and every channel it used. */
public record SimCallSummary(String linkedid, CallScenario scenario, String caller, String callee,
                             String disposition, List<String> channels) {
    public SimCallSummary {
        channels = List.copyOf(channels);
    }
}
