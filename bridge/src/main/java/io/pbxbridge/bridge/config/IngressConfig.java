package io.pbxbridge.bridge.config;

import io.vertx.core.VertxOptions;

import java.net.URI;

/**
 * The report ingress: where PBXes POST their reports.
 *
 * @param host              bind address
 * @param port              TCP port; 0 picks a free port (tests)
 * @param publicBaseUrl     the URL a PBX uses to reach this ingress (told to the PBX at login)
 * @param maxBodyBytes      largest accepted report body
 * @param maxInFlight       reports accepted but not yet acknowledged by Kafka; past it: 503
 * @param retryAfterSeconds the {@code Retry-After} sent with a 503
 * @param instances         HTTP server instances sharing the port, one per event loop by default
 */
public record IngressConfig(String host, int port, URI publicBaseUrl, int maxBodyBytes, int maxInFlight,
                            int retryAfterSeconds, int instances) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8260;
    public static final int DEFAULT_MAX_BODY_BYTES = 65_536;
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_000;
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;
    /** One per event loop: Vert.x's default event loop pool (2 × CPU cores). */
    public static final int DEFAULT_INSTANCES = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    public static final int MAX_INSTANCES = 256;
}
