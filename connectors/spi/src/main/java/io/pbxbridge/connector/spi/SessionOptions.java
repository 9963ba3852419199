package io.pbxbridge.connector.spi;

import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import io.vertx.core.http.HttpClientOptions;

import java.time.Duration;

/**
 * The {@code pbxes[].options} every connector built on the {@link SessionSkeleton} declares the same way:
 * one definition, listed in each connector's {@code OptionSet} (and so in its README table).
 */
public final class SessionOptions {
    public static final Setting<Duration> REQUEST_TIMEOUT = Setting.of("request_timeout", ValueType.duration())
            .withDefault(Duration.ofSeconds(10)).doc("Per request to the PBX.");
    public static final Setting<Duration> CONNECTION_IDLE_TIMEOUT = Setting.of("connection_idle_timeout",
                    ValueType.durationOrZero()).withDefault(Duration.ofSeconds(10))
            .doc("An idle HTTP connection to the PBX is closed after this (whole seconds); `0s`: a new connection per request. "
                    + "Below `keep_alive` an idle session holds no connection (no file descriptor) between "
                    + "keep-alives, at the cost of a TCP (and TLS) handshake per keep-alive (README, sizing).");
    public static final Setting<Duration> BACKOFF_BASE = Setting.of("backoff_base", ValueType.duration())
            .withDefault(Duration.ofSeconds(1)).doc("First reconnect delay when the PBX does not answer (doubles, with jitter).");
    public static final Setting<Duration> BACKOFF_MAX = Setting.of("backoff_max", ValueType.duration())
            .withDefault(Duration.ofSeconds(60)).doc("Longest reconnect delay.");

    private SessionOptions() {
    }

    /**
     * Applies {@link #CONNECTION_IDLE_TIMEOUT} to a PBX API client: a pooled connection unused that long is closed
     * (the pool's keep-alive timeout, whole seconds, rounded up), or no keep-alive at all for {@code 0s}. The
     * socket idle timeout stays at 60 s: it also cuts a connection waiting for a slow answer.
     */
    public static <T extends HttpClientOptions> T idleConnections(T client, PbxOptions options) {
        Duration idle = options.get(CONNECTION_IDLE_TIMEOUT);
        client.setIdleTimeout(60);
        if (idle.isZero()) {
            client.setKeepAlive(false);
        } else {
            long seconds = (idle.toMillis() + 999) / 1000;
            client.setKeepAlive(true).setKeepAliveTimeout((int) Math.min(Integer.MAX_VALUE, seconds));
        }
        return client;
    }

    /** The reconnect backoff the options configure. */
    public static Backoff backoff(PbxOptions options) {
        return new Backoff(options.get(BACKOFF_BASE), options.get(BACKOFF_MAX));
    }
}
