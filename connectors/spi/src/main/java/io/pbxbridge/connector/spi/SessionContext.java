package io.pbxbridge.connector.spi;

import io.pbxbridge.connector.spi.capture.TrafficRecorder;

import java.net.URI;

/**
 * What the bridge gives a session.
 *
 * @param sink      publishes session-produced records (lifecycle events, WebSocket notifications)
 * @param listener  told of state changes
 * @param bridge    version and instance id
 * @param reportUrl where this PBX must push its reports (absolute, including the per-PBX secret path);
 *                  null for a PBX that does not push
 * @param recorder  where the session hands what the PBX sent when the PBX is recorded ({@code record_to});
 *                  {@link TrafficRecorder#NONE} otherwise
 * @param logins    shared by all sessions of this bridge: bounds the logins in progress at once and spreads
 *                  first logins when many sessions start together
 */
public record SessionContext(EventSink sink, SessionListener listener, BridgeInfo bridge, URI reportUrl,
                             TrafficRecorder recorder, LoginThrottle logins) {

    public SessionContext {
        recorder = recorder == null ? TrafficRecorder.NONE : recorder;
        logins = logins == null ? LoginThrottle.unlimited() : logins;
    }

    /** A session on its own: not recorded, logins not throttled. */
    public SessionContext(EventSink sink, SessionListener listener, BridgeInfo bridge, URI reportUrl) {
        this(sink, listener, bridge, reportUrl, TrafficRecorder.NONE, LoginThrottle.unlimited());
    }

    /** A recorded PBX whose logins are not throttled. */
    public SessionContext(EventSink sink, SessionListener listener, BridgeInfo bridge, URI reportUrl,
                          TrafficRecorder recorder) {
        this(sink, listener, bridge, reportUrl, recorder, LoginThrottle.unlimited());
    }

    /** A session whose logins are throttled, not recorded. */
    public SessionContext(EventSink sink, SessionListener listener, BridgeInfo bridge, URI reportUrl,
                          LoginThrottle logins) {
        this(sink, listener, bridge, reportUrl, TrafficRecorder.NONE, logins);
    }
}
