package io.pbxbridge.connector.spi;

import java.time.Duration;

/** Told of every session state change (drives metrics and readiness) and of each keep-alive sent. */
@FunctionalInterface
public interface SessionListener {
    void onStateChange(String pbxId, SessionState state, String reason);

    /**
     * A keep-alive (heartbeat, or a login that renews the credential) went out {@code lateness} after it was due:
     * the wait for the event loop and, for a login, for a slot of the {@link LoginThrottle}.
     */
    default void onKeepAliveSent(String pbxId, Duration lateness) {
    }

    /**
     * A report the session itself received (a WebSocket notification; posted reports are counted by the ingress),
     * and whether it went to the dead-letter topic because it could not be read.
     */
    default void onReportReceived(String pbxId, boolean deadLettered) {
    }

    SessionListener NONE = (pbxId, state, reason) -> { };
}
