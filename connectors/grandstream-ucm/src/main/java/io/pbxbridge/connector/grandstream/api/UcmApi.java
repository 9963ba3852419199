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
}
