package io.pbxbridge.connector.yeastar.sim;

/** A finished scenario: its call id and how many reports it produced (all delivered). */
public record ScenarioResult(Scenario scenario, String callId, int reports) {
}
