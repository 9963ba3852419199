package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.Secret;

/**
 * The management HTTP server (health, metrics, status page).
 *
 * @param host           bind address
 * @param port           TCP port; 0 picks a free port (tests)
 * @param username       HTTP basic-auth user for the status page; null when basic auth is off
 * @param password       its password; empty when basic auth is off
 * @param token          bearer token for the status page (also accepted as the basic-auth password); empty when off
 * @param protectMetrics also require the credentials on {@code /metrics} ({@code /health/*} stays open for probes)
 */
public record ManagementConfig(String host, int port, String username, Secret password, Secret token,
                               boolean protectMetrics) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8081;

    public ManagementConfig {
        password = password == null ? Secret.empty() : password;
        token = token == null ? Secret.empty() : token;
    }

    /** Open management server: no credentials asked anywhere. */
    public ManagementConfig(String host, int port) {
        this(host, port, null, Secret.empty(), Secret.empty(), false);
    }

    /** Whether the status page asks for credentials. */
    public boolean authRequired() {
        return username != null || !token.isEmpty();
    }
}
