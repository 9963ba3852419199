package io.pbxbridge.connector.grandstream.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * An authenticated way to call {@code /api} actions: the session implements it (cookie, re-login and
 * one retry on an expired cookie); the WebSocket resync and the CDR poller use it.
 */
public interface UcmApi {
    /** Calls {@code action}; fails with {@link UcmUnreachableException} when the PBX or the session is down. */
    Future<UcmResponse> call(String action, JsonObject params);

    /**
     * Calls {@code action} and returns its answer undecoded (recapi downloads, CSV/XML reports). The
     * default refuses: only the session, which owns the cookie, can do it.
     */
    default Future<UcmRawReply> callRaw(String action, JsonObject params) {
        return Future.failedFuture(new UcmUnreachableException("raw calls are not available here", null));
    }
}
