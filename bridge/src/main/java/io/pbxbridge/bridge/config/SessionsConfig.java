package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.time.Duration;
import java.util.List;

/**
 * The PBX sessions of this instance as a whole (a fleet of thousands must not log in all at once).
 *
 * @param maxConcurrentLogins login exchanges in progress at once across all sessions
 * @param startJitter         spread of first logins when more than {@code maxConcurrentLogins} sessions start together
 */
public record SessionsConfig(int maxConcurrentLogins, Duration startJitter) {
    static final Setting<Integer> MAX_CONCURRENT_LOGINS = Setting.of("max_concurrent_logins",
                    ValueType.integer(1, 100_000)).withDefault(32)
            .doc("Logins in progress at once across all PBX sessions of this instance (first logins, re-logins, "
                    + "Grandstream cookie refreshes); more wait their turn. Bounds the login storm when the bridge "
                    + "starts or a hand-over moves many PBXes here.");
    static final Setting<Duration> START_JITTER = Setting.of("start_jitter", ValueType.durationOrZero())
            .withDefault(Duration.ofSeconds(5))
            .doc("When more than `max_concurrent_logins` sessions start within this time, each further session "
                    + "delays its first login by a random time up to it. A few sessions starting are never delayed; "
                    + "`0s` turns it off.");

    static final List<Setting<?>> KEYS = List.of(MAX_CONCURRENT_LOGINS, START_JITTER);

    /** Every key at its default. */
    public static SessionsConfig defaults() {
        return read(ConfigSection.empty());
    }

    static SessionsConfig read(ConfigSection in) {
        in.rejectUnknownKeys(KEYS, List.of());
        return new SessionsConfig(in.get(MAX_CONCURRENT_LOGINS), in.get(START_JITTER));
    }
}
