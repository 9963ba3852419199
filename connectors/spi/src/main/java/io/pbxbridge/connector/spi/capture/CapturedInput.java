package io.pbxbridge.connector.spi.capture;

import java.time.Instant;

/**
 * One thing a PBX sent, as a capture file holds it.
 *
 * @param kind       {@link CaptureKinds} or a connector's own kind
 * @param detail     the API endpoint or action of an {@link CaptureKinds#API} answer; else usually null
 * @param receivedAt when the bridge received it
 * @param body       the bytes as received (after masking, see the capture's documentation)
 */
public record CapturedInput(String kind, String detail, Instant receivedAt, byte[] body) {
}
