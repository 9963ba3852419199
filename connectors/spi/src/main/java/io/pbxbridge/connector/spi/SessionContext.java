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
 */
public record SessionContext(EventSink sink, SessionListener listener, BridgeInfo bridge, URI reportUrl) {
}
