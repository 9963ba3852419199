package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.util.List;

/**
 * The management HTTP server (status page, health, metrics).
 *
 * @param host           bind address
 * @param port           TCP port; 0 picks a free port (tests)
 * @param username       HTTP basic-auth user for the status page; null when basic auth is off
 * @param password       its password; empty when basic auth is off
 * @param token          bearer token for the status page (also accepted as the basic-auth password); empty when off
 * @param protectMetrics also require the credentials on {@code /metrics} ({@code /health/*} stays open for probes)
 * @param tls            HTTPS settings; null serves plain HTTP
 * @param perPbxMetrics  every PBX gets series of its own on {@code /metrics} (else fleet-level series by vendor)
 */
public record ManagementConfig(String host, int port, String username, Secret password, Secret token,
                               boolean protectMetrics, ServerTlsConfig tls, boolean perPbxMetrics) {
    static final int MIN_TOKEN_LENGTH = 16;

    static final Setting<String> HOST = Setting.of("host", ValueType.nonBlank()).withDefault("0.0.0.0")
            .doc("Bind address of the management server.");
    static final Setting<Integer> PORT = Setting.of("port", ConfigTypes.port(true)).withDefault(8081)
            .doc("Port of the status page, `/health/*` and `/metrics`; must differ from `ingress.port`.");
    static final Setting<String> USERNAME = Setting.of("username", ConfigTypes.OPTIONAL_TEXT)
            .doc("HTTP basic-auth user for the status page (`/`, `/status.json`, `/events`). Needs `password`.");
    static final Setting<String> PASSWORD = Setting.of("password", ConfigTypes.SECRET)
            .withDocKey("`password` / `password_file`").doc("Its password.");
    static final Setting<String> TOKEN = Setting.of("token", ConfigTypes.SECRET)
            .withDocKey("`token` / `token_file`")
            .doc("Bearer token for the status page (at least " + MIN_TOKEN_LENGTH + " characters), sent as "
                    + "`Authorization: Bearer <token>` or, from a browser's login prompt, as the basic-auth password "
                    + "with any user name. May be set with or without `username`.");
    static final Setting<Boolean> PROTECT_METRICS = Setting.of("protect_metrics", ValueType.bool()).withDefault(false)
            .doc("Also require the credentials on `/metrics` (set them in Prometheus' `basic_auth` or "
                    + "`authorization`). `/health/*` stays open so probes keep working.");

    static final Setting<Boolean> PER_PBX_METRICS = Setting.of("per_pbx_metrics", ValueType.bool()).withDefault(false)
            .doc("Give every PBX series of its own on `/metrics` (label `pbx`, as before fleet-level metrics; the "
                    + "demo has them). Off, PBX meters are fleet-level series by `vendor` (and session `state`), so "
                    + "`/metrics` keeps about the same size whatever the fleet's; on, it grows with every PBX.");

    static final List<Setting<?>> TLS = ServerTlsConfig.settings("management port");

    static final List<Setting<?>> KEYS = concat(List.of(HOST, PORT, USERNAME, PASSWORD, TOKEN, PROTECT_METRICS,
            PER_PBX_METRICS), TLS);

    public ManagementConfig {
        password = password == null ? Secret.empty() : password;
        token = token == null ? Secret.empty() : token;
    }

    /** Open management server over plain HTTP: no credentials asked anywhere. */
    public ManagementConfig(String host, int port) {
        this(host, port, (ServerTlsConfig) null);
    }

    /** Open management server, HTTPS when {@code tls} is not null. */
    public ManagementConfig(String host, int port, ServerTlsConfig tls) {
        this(host, port, null, Secret.empty(), Secret.empty(), false, tls, false);
    }

    /** Plain HTTP with the given credentials. */
    public ManagementConfig(String host, int port, String username, Secret password, Secret token,
                            boolean protectMetrics) {
        this(host, port, username, password, token, protectMetrics, null, false);
    }

    /** Whether the status page asks for credentials. */
    public boolean authRequired() {
        return username != null || !token.isEmpty();
    }

    private static List<Setting<?>> concat(List<Setting<?>> a, List<Setting<?>> b) {
        List<Setting<?>> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    static ManagementConfig read(ConfigSection in) {
        in.rejectUnknownKeys(KEYS, List.of());
        String username = in.get(USERNAME);
        Secret password = in.secret(PASSWORD);
        Secret token = in.secret(TOKEN);
        boolean protectMetrics = in.get(PROTECT_METRICS);
        if (username != null && password.isEmpty()) {
            in.problem(PASSWORD.key(), "required when management.username is set (or password_file)");
        }
        if (username == null && !password.isEmpty()) {
            in.problem(USERNAME.key(), "required when management.password is set");
        }
        if (!token.isEmpty() && token.reveal().length() < MIN_TOKEN_LENGTH) {
            in.problem(TOKEN.key(), "too short: at least " + MIN_TOKEN_LENGTH + " characters");
        }
        ManagementConfig config = new ManagementConfig(in.get(HOST), in.get(PORT), username, password, token,
                protectMetrics, ServerTlsConfig.read(in, TLS), in.get(PER_PBX_METRICS));
        if (protectMetrics && !config.authRequired()) {
            in.problem(PROTECT_METRICS.key(), "needs management.username and password, or management.token");
        }
        return config;
    }
}
