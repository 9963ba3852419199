package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.nio.file.Path;
import java.util.List;

/**
 * Recording one PBX's traffic to a capture file ({@code record_to} in its {@code pbxes} entry, or
 * {@code run --record ID=FILE}): everything the PBX sends, for a bug report or a replay.
 *
 * @param file     the capture file (appended to; a restarted bridge adds a new header line)
 * @param maxBytes recording stops, with one log line, once the file would grow past this
 */
public record RecordingConfig(Path file, int maxBytes) {
    public static final int DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

    static final Setting<Path> RECORD_TO = Setting.of("record_to", ValueType.path()).withDefaultText("none (off)")
            .doc("Capture file: everything this PBX sends (report bodies, WebSocket messages, API answers) with its "
                    + "receipt time, as JSON Lines, secrets masked; written off the event loop, never slowing ingest "
                    + "(lines are dropped and counted when the writer falls behind). Replay it with `normalize` or "
                    + "`simulate … --replay`; see the connector READMEs. Also `run --record ID=FILE`.");
    static final Setting<Integer> RECORD_MAX_BYTES = Setting.of("record_max_bytes", ValueType.integer(4096, Integer.MAX_VALUE))
            .withDefault(DEFAULT_MAX_BYTES).withDefaultText("`104857600` (100 MiB)")
            .doc("Size limit of the capture file (an existing file counts); recording stops there with one log line.");

    static final List<Setting<?>> KEYS = List.of(RECORD_TO, RECORD_MAX_BYTES);

    /** The recording of one PBX entry, or null when it has no {@code record_to}. */
    static RecordingConfig read(ConfigSection in) {
        Path file = in.get(RECORD_TO);
        int maxBytes = in.get(RECORD_MAX_BYTES);
        return file == null ? null : new RecordingConfig(file, maxBytes);
    }
}
