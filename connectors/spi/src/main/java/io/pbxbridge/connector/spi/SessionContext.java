package io.pbxbridge.connector.spi;

import java.net.URI;

/**
 * What the bridge gives a session.
 *
 * @param sink      publishes session-produced records (lifecycle events, WebSocket notifications)
 * @param listener  told of state changes
 * @param bridge    version and instance id
 * @param reportUrl where this PBX must push its reports (absolute, including the per-PBX secret path);
 *                  null for a PBX that does not push
 * @param logins    shared by all sessions of this bridge: bounds the logins in progress at once and spreads
 *                  first logins when many sessions start together
 */
public record SessionContext(EventSink sink, SessionListener listener, BridgeInfo bridge, URI reportUrl,
                             LoginThrottle logins) {

    public SessionContext {
        logins = logins == null ? LoginThrottle.unlimited() : logins;
    }

    /** A session on its own: logins not throttled. */
    public SessionContext(EventSink sink, SessionListener listener, BridgeInfo bridge, URI reportUrl) {
        this(sink, listener, bridge, reportUrl, LoginThrottle.unlimited());
    }
}
