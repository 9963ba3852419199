package io.pbxbridge.connector.spi.capture;

import java.time.Instant;
import java.util.Map;

/**
 * The first line of a capture file: which PBX it is and what decides how its traffic is normalized.
 * Holds no secret: options whose names mark them as secrets are left out.
 *
 * @param format        capture format version ({@link CaptureFormat#VERSION})
 * @param vendor        connector id, e.g. {@code yeastar-s}
 * @param pbxId         the PBX's id in the recording bridge (part of keys and event ids)
 * @param apiVersion    the configured API version, or null
 * @param timeZone      the PBX's {@code time_zone}
 * @param options       the PBX's options as written, without secret ones
 * @param startedAt     when recording started
 * @param bridgeVersion the recording bridge's version
 * @param instanceId    the recording bridge instance
 */
public record CaptureHeader(int format, String vendor, String pbxId, String apiVersion, String timeZone,
                            Map<String, String> options, Instant startedAt, String bridgeVersion, String instanceId) {
    public CaptureHeader {
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
