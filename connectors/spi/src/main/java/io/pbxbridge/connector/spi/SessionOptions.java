package io.pbxbridge.connector.spi;

import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.time.Duration;

/**
 * The {@code pbxes[].options} every connector built on the {@link SessionSkeleton} declares the same way:
 * one definition, listed in each connector's {@code OptionSet} (and so in its README table).
 */
public final class SessionOptions {
    public static final Setting<Duration> REQUEST_TIMEOUT = Setting.of("request_timeout", ValueType.duration())
            .withDefault(Duration.ofSeconds(10)).doc("Per request to the PBX.");
    public static final Setting<Duration> BACKOFF_BASE = Setting.of("backoff_base", ValueType.duration())
            .withDefault(Duration.ofSeconds(1)).doc("First reconnect delay when the PBX does not answer (doubles, with jitter).");
    public static final Setting<Duration> BACKOFF_MAX = Setting.of("backoff_max", ValueType.duration())
            .withDefault(Duration.ofSeconds(60)).doc("Longest reconnect delay.");

    private SessionOptions() {
    }

    /** The reconnect backoff the options configure. */
    public static Backoff backoff(PbxOptions options) {
        return new Backoff(options.get(BACKOFF_BASE), options.get(BACKOFF_MAX));
    }
}
