package io.pbxbridge.connector.spi;

/** Who is normalizing: the bridge version stamped on every event and this instance's id. */
public record BridgeInfo(String version, String instanceId) {
}
