package io.pbxbridge.bridge.ingress;

import io.pbxbridge.bridge.config.IngressConfig;
import io.pbxbridge.bridge.config.ServerTlsConfig;

import java.net.URI;
import java.time.Duration;

/**
 * Report ingress settings.
 *
 * @param host              bind address
 * @param port              bind port (0 = ephemeral, for tests)
 * @param publicBaseUrl     how PBXes reach this ingress (given to them at login), e.g. http://10.0.0.2:8260
 * @param maxBodyBytes      larger reports get 413
 * @param maxInFlight       reports received but not yet acknowledged by Kafka; past it, 503
 * @param retryAfterSeconds value of {@code Retry-After} on 503
 * @param ackTimeout        how long a PBX connection waits for the Kafka ack before getting 503
 * @param instances         HTTP servers sharing the port, each on its own event loop
 * @param bodyTimeout       how long a body may take once the headers are in; past it, 408 and the slot is free
 * @param tls               HTTPS (PEM pair, reloaded); null for plain HTTP
 */
public record IngressSettings(String host, int port, URI publicBaseUrl, int maxBodyBytes, int maxInFlight,
                              int retryAfterSeconds, Duration ackTimeout, int instances, Duration bodyTimeout,
                              ServerTlsConfig tls) {
    public IngressSettings {
        if (instances < 1) {
            throw new IllegalArgumentException("ingress instances must be >= 1");
        }
        if (bodyTimeout == null || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("ingress body timeout must be positive");
        }
    }

    /** Plain HTTP with the default body timeout. */
    public IngressSettings(String host, int port, URI publicBaseUrl, int maxBodyBytes, int maxInFlight,
                           int retryAfterSeconds, Duration ackTimeout, int instances) {
        this(host, port, publicBaseUrl, maxBodyBytes, maxInFlight, retryAfterSeconds, ackTimeout, instances,
                IngressConfig.DEFAULT_BODY_TIMEOUT, null);
    }

    public static IngressSettings of(IngressConfig in) {
        return new IngressSettings(in.host(), in.port(), in.publicBaseUrl(), in.maxBodyBytes(), in.maxInFlight(),
                in.retryAfterSeconds(), in.ackTimeout(), in.instances(), in.bodyTimeout(), in.tls());
    }

    /**
     * The longest any report can legitimately hold an in-flight slot: its body, then the wait for Kafka. A bound
     * that stays full longer than this without one slot coming back is stuck, not busy.
     */
    public Duration longestLegitimateHold() {
        return bodyTimeout.plus(ackTimeout);
    }
}
