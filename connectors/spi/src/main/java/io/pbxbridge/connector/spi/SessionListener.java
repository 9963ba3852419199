package io.pbxbridge.connector.spi;

/** Told of every session state change (drives metrics and readiness). */
@FunctionalInterface
public interface SessionListener {
    void onStateChange(String pbxId, SessionState state, String reason);

    SessionListener NONE = (pbxId, state, reason) -> { };
}
