package io.pbxbridge.connector.spi.capture;

import java.time.Instant;

/**
 * Where the bridge's report ingress and a PBX session hand what the PBX sent, exactly as received, when
 * the PBX is recorded ({@code record_to}): report bodies, WebSocket messages, API answers. The bridge's
 * implementation masks secrets and writes off the event loop; {@link #record} never blocks and never
 * fails (a full queue drops the line and counts it). Callable from any thread.
 */
public interface TrafficRecorder {
    /** Records nothing: the PBX is not recorded. */
    TrafficRecorder NONE = new TrafficRecorder() {
        @Override
        public void record(String kind, String detail, byte[] body, Instant receivedAt) {
        }

        @Override
        public boolean active() {
            return false;
        }
    };

    /**
     * @param kind       what it is ({@link CaptureKinds}, or a connector's own kind such as {@code ucm.resync})
     * @param detail     which one, when the kind has several (the API endpoint or action); may be null
     * @param body       the bytes as received; not copied, so the caller must not change them afterwards
     * @param receivedAt when the bridge received it: the same instant the records made from it carry
     */
    void record(String kind, String detail, byte[] body, Instant receivedAt);

    /** False when nothing is recorded, so a caller can skip copying a body it would only record. */
    default boolean active() {
        return true;
    }
}
