package io.pbxbridge.connector.yeastar;

import io.pbxbridge.connector.spi.SessionOptions;
import io.pbxbridge.connector.spi.settings.OptionSet;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.time.Duration;

/** The {@code pbxes[].options} of a Yeastar S-Series PBX: the one definition of each (README table checked against it). */
public final class YeastarOptions {
    /** Shared with every session-skeleton connector: {@link SessionOptions}. */
    public static final Setting<Duration> REQUEST_TIMEOUT = SessionOptions.REQUEST_TIMEOUT;
    public static final Setting<Duration> CONNECTION_IDLE_TIMEOUT = SessionOptions.CONNECTION_IDLE_TIMEOUT;
    public static final Setting<Duration> LOCKOUT_WAIT = Setting.of("lockout_wait", ValueType.duration())
            .withDefault(Duration.ofMinutes(10).plusSeconds(30)).withDefaultText("`630s` (10 min 30 s)")
            .doc("Wait after errno 20002 (IP locked for 10 minutes after 5 failed logins) before the one next attempt.");
    public static final Setting<Duration> BACKOFF_BASE = SessionOptions.BACKOFF_BASE;
    public static final Setting<Duration> BACKOFF_MAX = SessionOptions.BACKOFF_MAX;

    public static final Setting<Duration> BOOTUP_RELOGIN_INTERVAL = Setting.of("bootup_relogin_interval",
                    ValueType.duration()).withDefault(Duration.ofSeconds(60))
            .doc("At most one re-login per this interval because of BootUp reports (a forged or replayed BootUp "
                    + "must not make the bridge hammer the PBX); a BootUp older than the last successful login or "
                    + "heartbeat is ignored.");
    public static final OptionSet ALL = OptionSet.of(REQUEST_TIMEOUT, CONNECTION_IDLE_TIMEOUT, LOCKOUT_WAIT, BACKOFF_BASE, BACKOFF_MAX,
            BOOTUP_RELOGIN_INTERVAL);

    private YeastarOptions() {
    }
}
