package io.pbxbridge.connector.spi;

/** The PBX's answer to a keep-alive request: alive, or the credential was refused (then one re-login). */
public record HeartbeatOutcome(String refusal) {
    public static final HeartbeatOutcome ALIVE = new HeartbeatOutcome(null);

    public static HeartbeatOutcome refused(String reason) {
        return new HeartbeatOutcome(reason == null ? "refused" : reason);
    }

    public boolean alive() {
        return refusal == null;
    }
}
