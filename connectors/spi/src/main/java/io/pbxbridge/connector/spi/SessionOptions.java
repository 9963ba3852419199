package io.pbxbridge.connector.spi;

import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

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

    /** Requests to one PBX in parallel (commands and keep-alives): a PBX answers them one at a time anyway. */
    static final int CONNECTIONS_PER_PBX = 4;

    /**
     * The connection pool of a PBX API client. Each session has its own client, and each client checks its pool
     * for expired connections on a timer (Vert.x: every second by default): at 20,000 PBXes that was 20,000 timer
     * events a second, a tenth of the bridge's CPU. Half the idle timeout is often enough: an idle connection then
     * closes between {@link #CONNECTION_IDLE_TIMEOUT} and 1.5 times it.
     */
    public static PoolOptions pool(PbxOptions options) {
        long idleMillis = options.get(CONNECTION_IDLE_TIMEOUT).toMillis();
        int cleanerMillis = (int) Math.max(1_000, Math.min(30_000, idleMillis / 2));
        return new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_PBX).setCleanerPeriod(cleanerMillis);
    }

    /** The reconnect backoff the options configure. */
    public static Backoff backoff(PbxOptions options) {
        return new Backoff(options.get(BACKOFF_BASE), options.get(BACKOFF_MAX));
    }
}
