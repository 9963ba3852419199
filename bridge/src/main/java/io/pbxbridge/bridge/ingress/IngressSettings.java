package io.pbxbridge.bridge.ingress;

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
 */
public record IngressSettings(String host, int port, URI publicBaseUrl, int maxBodyBytes, int maxInFlight,
                              int retryAfterSeconds, Duration ackTimeout, int instances) {
    public IngressSettings {
        if (instances < 1) {
            throw new IllegalArgumentException("ingress instances must be >= 1");
        }
    }
}
