package io.pbxbridge.connector.spi;

import java.util.List;

/**
 * Normalizes one PBX's inputs in the order they arrived, keeping the state a live session keeps (for
 * example which call a channel belongs to), so a recorded sequence comes out as the session published
 * it. Used by the {@code normalize} command. Not thread-safe: one instance per input sequence.
 */
@FunctionalInterface
public interface StreamNormalizer {
    /** The records of the next input; a malformed input changes no state. */
    List<NormalizedRecord> next(RawReport input) throws MalformedReportException;
}
