package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.IngressChannel;

import java.time.Instant;

/** A report exactly as a PBX delivered it, before any parsing. */
public record RawReport(String pbxId, byte[] body, Instant receivedAt, IngressChannel channel) {
}
