package io.pbxbridge.connector.spi;

import io.pbxbridge.connector.spi.capture.CapturedInput;

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

    /**
     * The records the live session publishes for one input of a capture file that its session recorded
     * (WebSocket messages, API answers, a session's start, the connector's own kinds), dead letters included,
     * as the session would publish them. Inputs of the report ingress ({@code report}) never come here: the
     * bridge normalizes them as its ingress does. The default, for a connector whose session publishes
     * nothing from what it records (Yeastar: its call tracker only serves commands), is none.
     */
    default List<NormalizedRecord> replay(CapturedInput input) {
        return List.of();
    }
}
