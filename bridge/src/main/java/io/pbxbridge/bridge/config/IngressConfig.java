package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;
import io.vertx.core.VertxOptions;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The report ingress: where PBXes POST their reports.
 *
 * @param host              bind address
 * @param port              TCP port; 0 picks a free port (tests)
 * @param publicBaseUrl     the URL a PBX uses to reach this ingress (told to the PBX at login)
 * @param maxBodyBytes      largest accepted report body
 * @param maxInFlight       reports accepted but not yet acknowledged by Kafka; past it: 503
 * @param retryAfterSeconds the {@code Retry-After} sent with a 503
 * @param ackTimeout        how long a report waits for the Kafka acknowledgement before its 503
 * @param instances         HTTP server instances sharing the port, one per event loop by default
 * @param bodyTimeout       how long a report's body may take to arrive once its headers are in (then 408)
 * @param tls               HTTPS settings; null serves plain HTTP
 * @param dedupeWindow      how long a report Kafka acknowledged is answered 200 from memory when re-sent (zero: never)
 * @param dedupeMaxReports  at most this many acknowledged reports remembered (the oldest forgotten first)
 */
public record IngressConfig(String host, int port, URI publicBaseUrl, int maxBodyBytes, int maxInFlight,
                            int retryAfterSeconds, Duration ackTimeout, int instances, Duration bodyTimeout,
                            ServerTlsConfig tls, Duration dedupeWindow, int dedupeMaxReports) {
    public static final int MAX_INSTANCES = 256;
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofMinutes(5);
    public static final int DEFAULT_DEDUPE_MAX_REPORTS = 100_000;

    static final Setting<String> HOST = Setting.of("host", ValueType.nonBlank()).withDefault("0.0.0.0")
            .doc("Bind address of the report ingress.");
    static final Setting<Integer> PORT = Setting.of("port", ConfigTypes.port(true)).withDefault(8260)
            .doc("Port of the report ingress (Yeastar's default report port).");
    static final Setting<URI> PUBLIC_BASE_URL = Setting.of("public_base_url", ConfigTypes.HTTP_URL)
            .withDefaultText("`http://<host-ip>:<port>`")
            .doc("The URL PBXes use to reach the ingress; given to each PBX at login. The default uses the first "
                    + "non-loopback IPv4 address of the machine (or `host` when it is a specific address), and "
                    + "`https://` when `tls` is set. Set it behind NAT, a load balancer or in containers.");
    /** A constant because the {@code normalize} command's option default needs one at compile time. */
    public static final int DEFAULT_MAX_BODY_BYTES = 65_536;
    static final Setting<Integer> MAX_BODY_BYTES = Setting.of("max_body_bytes", ValueType.integer(1, Integer.MAX_VALUE))
            .withDefault(DEFAULT_MAX_BODY_BYTES).doc("Largest accepted report body.");
    static final Setting<Integer> MAX_IN_FLIGHT = Setting.of("max_in_flight", ValueType.integer(1, Integer.MAX_VALUE))
            .withDefault(1_000).doc("Reports received but not yet acknowledged by Kafka. Past it the ingress answers "
                    + "503 with `Retry-After`.");
    static final Setting<Integer> RETRY_AFTER_SECONDS = Setting.of("retry_after_seconds",
                    ValueType.integer(1, Integer.MAX_VALUE))
            .withDefault(5).doc("The `Retry-After` value sent with a 503.");
    static final Setting<Duration> ACK_TIMEOUT = Setting.of("ack_timeout", ValueType.duration())
            .withDefault(Duration.ofSeconds(10))
            .doc("How long a report waits for the Kafka acknowledgement; past it the PBX gets 503 and re-sends. Both "
                    + "timeouts are checked every tenth of the shorter one (at least every 250 ms, at most every 10 ms).");
    /** One per event loop: Vert.x's default event loop pool (2 × CPU cores). */
    static final Setting<Integer> INSTANCES = Setting.of("instances", ValueType.integer(1, MAX_INSTANCES))
            .withDefault(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE).withDefaultText("2 × CPU cores")
            .doc("HTTP server instances sharing the ingress port, each on its own event loop (Vert.x's default "
                    + "event-loop pool is 2 × CPU cores), so report parsing and encoding use every core. At most "
                    + MAX_INSTANCES + ".");

    static final Setting<Duration> BODY_TIMEOUT = Setting.of("body_timeout", ValueType.duration())
            .withDefault(DEFAULT_BODY_TIMEOUT)
            .doc("How long a report's body may take to arrive once its headers are in; past it the request gets 408, "
                    + "its connection is closed and its in-flight slot is free again (a PBX sends a report of a few "
                    + "KB at once; a body trickling in is a broken or hostile client).");
    static final Setting<Duration> DEDUPE_WINDOW = Setting.of("dedupe_window", ValueType.durationOrZero())
            .withDefault(DEFAULT_DEDUPE_WINDOW)
            .doc("How long a CDR report Kafka acknowledged is remembered (by its records' `event_id`s): a PBX re-sending "
                    + "it within the window is answered 200 without a second publish. A re-send while the first is still "
                    + "at Kafka always waits for that publish instead. `0` remembers none. Other reports are always "
                    + "published (see Kafka outages and duplicates).");
    static final Setting<Integer> DEDUPE_MAX_REPORTS = Setting.of("dedupe_max_reports",
                    ValueType.integer(0, 10_000_000))
            .withDefault(DEFAULT_DEDUPE_MAX_REPORTS)
            .doc("At most this many acknowledged CDR reports are remembered (a 64-bit fingerprint and a time each, "
                    + "about 40 bytes: 4 MB at the default, allocated as the reports come); past it the oldest is "
                    + "forgotten first, so under a higher rate the window is shorter. Two different reports share a "
                    + "fingerprint with a probability of about n / 2^64 for n remembered.");
    static final List<Setting<?>> TLS = ServerTlsConfig.settings("report ingress");

    static final List<Setting<?>> KEYS = Stream.concat(Stream.<Setting<?>>of(HOST, PORT, PUBLIC_BASE_URL, MAX_BODY_BYTES,
            MAX_IN_FLIGHT, RETRY_AFTER_SECONDS, ACK_TIMEOUT, INSTANCES, BODY_TIMEOUT, DEDUPE_WINDOW, DEDUPE_MAX_REPORTS),
            TLS.stream()).toList();


    static IngressConfig read(ConfigSection in) {
        in.rejectUnknownKeys(KEYS, List.of());
        String host = in.get(HOST);
        int port = in.get(PORT);
        ServerTlsConfig tls = ServerTlsConfig.read(in, TLS);
        URI publicBaseUrl = in.get(PUBLIC_BASE_URL);
        if (publicBaseUrl == null) {
            String reachable = isWildcard(host) ? HostDefaults.reachableAddress() : host;
            int advertisedPort = port == 0 ? PORT.defaultValue() : port;
            publicBaseUrl = URI.create((tls == null ? "http://" : "https://")
                    + (reachable.contains(":") ? "[" + reachable + "]" : reachable) + ":" + advertisedPort);
        }
        Duration bodyTimeout = in.get(BODY_TIMEOUT);
        if (bodyTimeout.compareTo(Duration.ofMillis(100)) < 0) {
            in.problem(BODY_TIMEOUT.key(), "must be at least 100ms");
        }
        return new IngressConfig(host, port, publicBaseUrl, in.get(MAX_BODY_BYTES), in.get(MAX_IN_FLIGHT),
                in.get(RETRY_AFTER_SECONDS), in.get(ACK_TIMEOUT), in.get(INSTANCES), bodyTimeout, tls,
                in.get(DEDUPE_WINDOW), in.get(DEDUPE_MAX_REPORTS));
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
