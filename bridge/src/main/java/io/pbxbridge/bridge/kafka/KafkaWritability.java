package io.pbxbridge.bridge.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Whether Kafka takes writes, as the producer last saw it, so the ingress can answer 503 at once while it does not
 * instead of holding every report for {@code ack_timeout}.
 *
 * <p>Down on the first write Kafka failed with a retriable error (timeout, broker gone, not enough replicas) or did
 * not acknowledge in time, among writes handed to the producer after Kafka was last seen up (an older write failing
 * late is stale news). Up on the first acknowledged write handed over after it went down: while down, a probe write
 * is sent every {@link #PROBE_INTERVAL} (one schema record re-written to the compacted schemas topic: same key, same
 * value, harmless), so recovery is noticed without reports. One log line per change, the second with the number of
 * reports refused in between; gauge {@code pbx_kafka_writable}.
 */
public final class KafkaWritability {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaWritability.class);
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final Supplier<Future<Void>> probe;
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean down;
    private volatile String reason;
    private volatile Instant downSince;
    /** {@link System#nanoTime()} of the last change (or of creation). */
    private long changedAt = System.nanoTime();
    private boolean probing;
    private volatile boolean closed;

    /** @param probe one write that only Kafka taking writes can acknowledge */
    public KafkaWritability(Vertx vertx, Supplier<Future<Void>> probe, MeterRegistry registry) {
        this.vertx = vertx;
        this.probe = probe;
        Gauge.builder("pbx_kafka_writable", this, w -> w.down ? 0 : 1)
                .description("1 while Kafka acknowledges the bridge's writes, 0 from a failed or unacknowledged write "
                        + "until a probe write succeeds (the ingress answers 503 at once meanwhile)")
                .register(registry);
    }

    /** Whether writes are known to fail now. */
    public boolean down() {
        return down;
    }

    /** Why and since when Kafka does not take writes; null while it does. */
    public String whyDown() {
        return down ? "Kafka not taking writes since " + downSince + " (" + reason + "); probing every "
                + PROBE_INTERVAL.toSeconds() + " s" : null;
    }

    /** Whether an exception from the producer says Kafka (not the record) is the problem. */
    public static boolean unavailable(Throwable error) {
        return error instanceof RetriableException;
    }

    /**
     * A write handed to the producer at {@code sentAtNanos} ({@link System#nanoTime()}) failed or was not acknowledged
     * in time.
     */
    public void failed(long sentAtNanos, String why) {
        synchronized (this) {
            if (down || closed || sentAtNanos - changedAt < 0) {
                return;
            }
            down = true;
            reason = why;
            downSince = Instant.now();
            changedAt = System.nanoTime();
            refused.set(0);
        }
        LOG.warn("Kafka is not taking writes ({}): reports are answered 503 at once until a probe write succeeds", why);
        vertx.runOnContext(v -> probe());
    }

    /** A write handed to the producer at {@code sentAtNanos} was acknowledged. */
    public void acknowledged(long sentAtNanos) {
        if (!down) {
            return;
        }
        long outageNanos;
        synchronized (this) {
            if (!down || sentAtNanos - changedAt < 0) {
                return;
            }
            down = false;
            long now = System.nanoTime();
            outageNanos = now - changedAt;
            changedAt = now;
        }
        LOG.info("Kafka takes writes again after {} s; {} report(s) answered 503 meanwhile",
                String.format(java.util.Locale.ROOT, "%.1f", outageNanos / 1e9), refused.get());
    }

    /** A report answered 503 because Kafka does not take writes; counted for the line logged when it is back. */
    public void refused() {
        if (down) {
            refused.incrementAndGet();
        }
    }

    public void close() {
        closed = true;
    }

    /** One probe at a time while down; the next one {@link #PROBE_INTERVAL} after the previous one failed. */
    private void probe() {
        synchronized (this) {
            if (!down || closed || probing) {
                return;
            }
            probing = true;
        }
        long sentAt = System.nanoTime();
        Future<Void> sent;
        try {
            sent = probe.get();
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> {
            synchronized (this) {
                probing = false;
            }
            if (ar.succeeded()) {
                acknowledged(sentAt);
            } else if (down && !closed) {
                LOG.debug("Kafka probe write failed: {}", ar.cause() == null ? "none" : ar.cause().toString());
                vertx.setTimer(PROBE_INTERVAL.toMillis(), id -> probe());
            }
        });
    }
}
