package io.pbxbridge.connector.spi;

/** Where a PBX session stands. */
public enum SessionState {
    /** Created, not logged in yet. */
    STARTING,
    /** Logged in; keep-alive running. */
    UP,
    /** Lost the PBX (unreachable, token gone); retrying with backoff. */
    DOWN,
    /** The PBX refused the credentials; the session stopped trying so it cannot lock itself out. */
    AUTH_FAILED,
    /** The PBX blocked us; waiting out the lock before one more attempt. */
    LOCKED_OUT,
    /** Logged out; the session is over. */
    STOPPED
}
