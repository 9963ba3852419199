package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.grandstream.UcmOptions;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.settings.PbxOptions;

import java.time.Duration;

/**
 * Command options of a UCM ({@code pbx.options}), declared (with their defaults) in {@link UcmOptions}.
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
    public UcmCommandOptions {
        if (applyMaxAttempts < 1) {
            throw new IllegalArgumentException("apply_max_attempts must be at least 1");
        }
        if (recordingInlineMax < 0 || responseInlineMax < 0) {
            throw new IllegalArgumentException("inline limits must not be negative");
        }
    }

    /** Every option at its declared default. */
    public static UcmCommandOptions defaults() {
        return of(PbxOptions.none());
    }

    public static UcmCommandOptions of(PbxConfig pbx) {
        return of(pbx.options());
    }

    private static UcmCommandOptions of(PbxOptions o) {
        return new UcmCommandOptions(o.get(UcmOptions.APPLY_DELAY), o.get(UcmOptions.APPLY_RETRY_WAIT),
                o.get(UcmOptions.APPLY_BUSY_WAIT), o.get(UcmOptions.APPLY_MAX_ATTEMPTS),
                o.get(UcmOptions.RECORDING_INLINE_MAX_BYTES), o.get(UcmOptions.RESPONSE_INLINE_MAX_BYTES),
                o.given(UcmOptions.DOWNLOAD_DIR).map(java.nio.file.Path::toString).orElse(null));
    }
}
