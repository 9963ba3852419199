package io.pbxbridge.bridge.config;

/**
 * The management HTTP server (health and metrics).
 *
 * @param host bind address
 * @param port TCP port; 0 picks a free port (tests)
 * @param tls  HTTPS settings; null serves plain HTTP
 */
public record ManagementConfig(String host, int port, ServerTlsConfig tls) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8081;

    public ManagementConfig(String host, int port) {
        this(host, port, null);
    }
}
