package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.Durations;
import io.pbxbridge.connector.spi.PbxConfig;

import java.time.Duration;

/**
 * Command options of a UCM ({@code pbx.options}).
 *
 * @param applyDelay          {@code apply_delay} (2s): configuration changes answered within this window share one applyChanges
 * @param applyRetryWait      {@code apply_retry_wait} (unset): overrides the PBX's own 15 s / 60 s for -45/-46/-57 (tests)
 * @param applyBusyWait       {@code apply_busy_wait} (30s): wait after -69 (conference) / -98 (digital calls)
 * @param applyMaxAttempts    {@code apply_max_attempts} (5): applyChanges attempts before giving up
 * @param recordingInlineMax  {@code recording_inline_max_bytes} (65536): binary downloads up to this size travel base64 in the result
 * @param responseInlineMax   {@code response_inline_max_bytes} (262144): text/JSON answers up to this size travel in the result
 * @param downloadDir         {@code download_dir} (unset): where larger downloads are stored for the operator to fetch
 */
public record UcmCommandOptions(Duration applyDelay, Duration applyRetryWait, Duration applyBusyWait, int applyMaxAttempts,
                                int recordingInlineMax, int responseInlineMax, String downloadDir) {
    public static final int DEFAULT_RECORDING_INLINE_MAX = 64 * 1024;
    public static final int DEFAULT_RESPONSE_INLINE_MAX = 256 * 1024;

    public UcmCommandOptions {
        if (applyMaxAttempts < 1) {
            throw new IllegalArgumentException("apply_max_attempts must be at least 1");
        }
        if (recordingInlineMax < 0 || responseInlineMax < 0) {
            throw new IllegalArgumentException("inline limits must not be negative");
        }
    }

    public static UcmCommandOptions defaults() {
        return new UcmCommandOptions(Duration.ofSeconds(2), null, Duration.ofSeconds(30), 5,
                DEFAULT_RECORDING_INLINE_MAX, DEFAULT_RESPONSE_INLINE_MAX, null);
    }

    public static UcmCommandOptions of(PbxConfig pbx) {
        String retry = pbx.option("apply_retry_wait", "");
        String dir = pbx.option("download_dir", "");
        return new UcmCommandOptions(
                Durations.option(pbx, "apply_delay", Duration.ofSeconds(2)),
                retry.isBlank() ? null : Durations.option(pbx, "apply_retry_wait", Duration.ofSeconds(15)),
                Durations.option(pbx, "apply_busy_wait", Duration.ofSeconds(30)),
                Integer.parseInt(pbx.option("apply_max_attempts", "5").trim()),
                Integer.parseInt(pbx.option("recording_inline_max_bytes", String.valueOf(DEFAULT_RECORDING_INLINE_MAX)).trim()),
                Integer.parseInt(pbx.option("response_inline_max_bytes", String.valueOf(DEFAULT_RESPONSE_INLINE_MAX)).trim()),
                dir.isBlank() ? null : dir);
    }
}
