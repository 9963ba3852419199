package io.pbxbridge.connector.spi;

import io.vertx.core.Future;

/**
 * The vendor's part of a session, filled into the {@link SessionSkeleton}: its login exchange with the
 * classification of the answer, its keep-alive request, its logout. Every method is called on the
 * session's context; futures returned may complete on it or elsewhere. See the SPI README for what each
 * vendor decides.
 */
public interface SessionProtocol {
    /**
     * One login exchange (Grandstream: challenge, then login). Succeeds with how the PBX answered; fails
     * only when the PBX did not answer (the session backs off and tries again).
     */
    Future<LoginOutcome> login();

    /**
     * The keep-alive request with the current credential, for {@link SessionSkeleton.KeepAlive#heartbeat};
     * fails when the PBX did not answer.
     */
    default Future<HeartbeatOutcome> heartbeat(Secret credential) {
        return Future.failedFuture(new UnsupportedOperationException("this session keeps alive by logging in"));
    }

    /** Logs the credential out; fails when the PBX did not answer (the skeleton logs either way). */
    Future<Void> logout(Secret credential);

    /** After a login that brings the session up, before it counts as up (Grandstream: ask the model). Never fails. */
    default Future<Void> beforeUp(Secret credential) {
        return Future.succeededFuture();
    }

    /** The session is up (again). */
    default void up() {
    }

    /** The session stopped trying for now: credentials refused, or locked out. */
    default void halted() {
    }

    /** What the log line of a login adds, e.g. {@code "API v2.0.0"}. */
    default String describe() {
        return "";
    }
}
