package io.pbxbridge.connector.grandstream;

import io.pbxbridge.connector.spi.SessionOptions;
import io.pbxbridge.connector.spi.settings.OptionSet;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code pbxes[].options} of a Grandstream UCM / FIBERME FCM630A: the one definition of each option
 * (type, default, meaning). The bridge parses them at load; the session parts read typed values. The
 * README's options table is checked against {@link #ALL}.
 */
public final class UcmOptions {
    // Session (the /api login)
    public static final Setting<String> API_VERSION = Setting.of("api_version", ValueType.nonBlank())
            .withDefaultText("`1.0` (else `api_version` of the PBX entry)").doc("`version` sent with `challenge`.");
    public static final Setting<Duration> COOKIE_REFRESH = Setting.of("cookie_refresh", ValueType.duration())
            .withDefault(Duration.ofMinutes(4))
            .doc("Fresh login before the cookie expires (±10 % jitter; documented 10 min, seen 5).");
    /** Shared with every session-skeleton connector ({@link SessionOptions}); used by HTTP and WebSocket. */
    public static final Setting<Duration> REQUEST_TIMEOUT = SessionOptions.REQUEST_TIMEOUT;
    /** Shared ({@link SessionOptions}): the HTTP API client's connections; the event WebSocket stays open. */
    public static final Setting<Duration> CONNECTION_IDLE_TIMEOUT = SessionOptions.CONNECTION_IDLE_TIMEOUT;
    public static final Setting<Duration> BACKOFF_BASE = SessionOptions.BACKOFF_BASE;
    public static final Setting<Duration> BACKOFF_MAX = SessionOptions.BACKOFF_MAX;
    public static final Setting<Duration> LOCKOUT_WAIT = Setting.of("lockout_wait", ValueType.duration())
            .withDefault(Duration.ofMinutes(10)).doc("Wait after -68/-70 when the PBX sends no `remain_time`.");
    public static final Setting<Boolean> LEGACY_CIPHERS = Setting.of("legacy_ciphers", ValueType.bool())
            .withDefault(false).doc("Same as `tls.legacy_ciphers`: weak-DH suites for old UCM62xx firmware.");
    public static final Setting<String> REPORT_PUSH = Setting.of("report_push",
                    ValueType.oneOf("auto", "true", "false", "on", "off", "yes", "no"))
            .withDefault("auto").doc("Send the bridge's report URL as login `url`: `auto` = only when no WebSocket "
                    + "user is configured (the same notifications twice would be published twice), `true`, `false`.");

    // WebSocket (/websockify)
    public static final Setting<String> WS_USERNAME = Setting.of("ws_username", ValueType.text())
            .withDefault("").withDefaultText("—").doc("The **web** user for `/websockify` (the API user does not work there).");
    public static final Setting<String> WS_PASSWORD = Setting.of("ws_password", ValueType.text())
            .withDefault("").withDefaultText("—").doc("Its password; secret, never logged.");
    public static final Setting<Path> WS_PASSWORD_FILE = Setting.of("ws_password_file", ValueType.path())
            .withDefaultText("—").doc("Instead of `ws_password`: a file holding it (Docker/Kubernetes secret), read at "
                    + "each connect, trailing line break dropped.");
    public static final Setting<List<String>> WS_EVENTS = Setting.of("ws_events", ValueType.commaList())
            .withDefault(List.of("ActiveCallStatus", "ExtensionStatus", "TrunkStatus", "PbxStatus"))
            .doc("Events subscribed; one unknown name fails the whole subscribe (-9).");
    public static final Setting<Duration> WS_HEARTBEAT = Setting.of("ws_heartbeat", ValueType.duration())
            .withDefault(Duration.ofSeconds(30)).doc("WebSocket heartbeat.");
    public static final Setting<String> WS_PATH = Setting.of("ws_path", ValueType.nonBlank())
            .withDefault("/websockify").doc("Path of the event WebSocket.");
    public static final Setting<Duration> WS_BACKOFF_BASE = Setting.of("ws_backoff_base", ValueType.duration())
            .withDefaultText("`backoff_base`").doc("WebSocket reconnect backoff, first delay.");
    public static final Setting<Duration> WS_BACKOFF_MAX = Setting.of("ws_backoff_max", ValueType.duration())
            .withDefaultText("`backoff_max`").doc("WebSocket reconnect backoff, longest delay.");
    public static final Setting<Boolean> CALL_CONTROL = Setting.of("call_control", ValueType.bool())
            .withDefault(true).doc("An inbound trunk leg ringing is an `INBOUND_REQUEST` (accept/refuse within 10 s); "
                    + "must mirror the API user's Call Control setting.");
    public static final Setting<Integer> EVENT_BUFFER = Setting.of("event_buffer", ValueType.integer(1, Integer.MAX_VALUE))
            .withDefault(10_000).doc("Bound of unpublished WebSocket records; overflow is counted → `EVENTS_DROPPED`.");

    // CDR polling (cdrapi)
    public static final Setting<Boolean> CDR_ENABLED = Setting.of("cdr_enabled", ValueType.bool())
            .withDefault(true).doc("Poll CDRs.");
    public static final Setting<Duration> CDR_POLL_INTERVAL = Setting.of("cdr_poll_interval", ValueType.duration())
            .withDefault(Duration.ofSeconds(30)).doc("Time between CDR polls.");
    public static final Setting<Integer> CDR_PAGE_SIZE = Setting.of("cdr_page_size", ValueType.integer(1, 1000))
            .withDefault(500).doc("`numRecords` per page (`offset` paging), at most 1000.");
    public static final Setting<Duration> CDR_OVERLAP = Setting.of("cdr_overlap", ValueType.durationOrZero())
            .withDefault(Duration.ofMinutes(10)).doc("Re-read window before the checkpoint's end time.");
    public static final Setting<Duration> CDR_INITIAL_LOOKBACK = Setting.of("cdr_initial_lookback", ValueType.duration())
            .withDefault(Duration.ofHours(1)).doc("First start without a checkpoint.");
    public static final Setting<String> CDR_TIME_FILTER = Setting.of("cdr_time_filter", ValueType.oneOf("Start", "End"))
            .withDefault("End").doc("`timeFilterType` sent to cdrapi.");
    public static final Setting<Path> STATE_DIR = Setting.of("state_dir", ValueType.path())
            .withDefault(Path.of("./pbx-bridge-data/state"))
            .doc("Checkpoint file `<state_dir>/<pbxId>.cdr-checkpoint`.");
    public static final Setting<String> MODEL = Setting.of("model", ValueType.text())
            .withDefaultText("—").doc("`header.pbx_model` of pushed reports (no session to ask; `normalize --pbx-model` sets it).");

    // Commands (see COMMANDS.md)
    public static final Setting<Duration> APPLY_DELAY = Setting.of("apply_delay", ValueType.duration())
            .withDefault(Duration.ofSeconds(2))
            .doc("Configuration changes within this window share one `applyChanges` ([COMMANDS.md](COMMANDS.md)).");
    public static final Setting<Duration> APPLY_RETRY_WAIT = Setting.of("apply_retry_wait", ValueType.duration())
            .withDefaultText("—").doc("Overrides the 15 s / 60 s wait after -45/-46/-57 (tests).");
    public static final Setting<Duration> APPLY_BUSY_WAIT = Setting.of("apply_busy_wait", ValueType.duration())
            .withDefault(Duration.ofSeconds(30)).doc("Wait after -69 (conference) / -98 (digital calls).");
    public static final Setting<Integer> APPLY_MAX_ATTEMPTS = Setting.of("apply_max_attempts", ValueType.integer(1, Integer.MAX_VALUE))
            .withDefault(5).doc("`applyChanges` attempts before the change is reported saved-but-not-applied.");
    public static final Setting<Integer> RECORDING_INLINE_MAX_BYTES = Setting.of("recording_inline_max_bytes",
                    ValueType.integer(0, Integer.MAX_VALUE))
            .withDefault(64 * 1024).doc("recapi (binary) downloads up to this size travel base64 in the result.");
    public static final Setting<Integer> RESPONSE_INLINE_MAX_BYTES = Setting.of("response_inline_max_bytes",
                    ValueType.integer(0, Integer.MAX_VALUE))
            .withDefault(256 * 1024)
            .doc("CSV/XML/JSON answers of cdrapi/queueapi/pmsapi/recapi up to this size travel in the result.");
    public static final Setting<Path> DOWNLOAD_DIR = Setting.of("download_dir", ValueType.path())
            .withDefaultText("—").doc("Larger downloads are written here and named in the result (`stored_path`).");

    public static final OptionSet ALL = OptionSet.of(API_VERSION, COOKIE_REFRESH, REQUEST_TIMEOUT, CONNECTION_IDLE_TIMEOUT, BACKOFF_BASE,
            BACKOFF_MAX, LOCKOUT_WAIT, LEGACY_CIPHERS, REPORT_PUSH, WS_USERNAME, WS_PASSWORD, WS_PASSWORD_FILE,
            WS_EVENTS, WS_HEARTBEAT, WS_PATH, WS_BACKOFF_BASE, WS_BACKOFF_MAX, CALL_CONTROL, EVENT_BUFFER,
            CDR_ENABLED, CDR_POLL_INTERVAL, CDR_PAGE_SIZE, CDR_OVERLAP, CDR_INITIAL_LOOKBACK, CDR_TIME_FILTER,
            STATE_DIR, MODEL, APPLY_DELAY, APPLY_RETRY_WAIT, APPLY_BUSY_WAIT, APPLY_MAX_ATTEMPTS,
            RECORDING_INLINE_MAX_BYTES, RESPONSE_INLINE_MAX_BYTES, DOWNLOAD_DIR);

    private UcmOptions() {
    }
}
