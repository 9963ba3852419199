package io.pbxbridge.connector.grandstream.session;

import io.vertx.core.Future;

/** Something that runs alongside the API session (WebSocket events, CDR polling): started once the session is first up. */
public interface UcmSessionPart {
    void start();

    Future<Void> stop();
}
