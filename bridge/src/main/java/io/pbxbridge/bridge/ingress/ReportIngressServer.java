package io.pbxbridge.bridge.ingress;

import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.bridge.kafka.KafkaWritability;
import io.pbxbridge.bridge.tls.ReloadingServerTls;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.RateLimitedLog;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Receives the reports PBXes push over HTTP(S) and answers 200 only once Kafka holds them.
 *
 * <p>A PBX re-sends a report until it gets 200, so every refusal here is a delayed delivery, not a
 * loss: unknown PBX or wrong secret → 404 (never published); over the in-flight bound, Kafka not
 * acknowledging in time, or the bridge stopping → 503 with {@code Retry-After}; a body slower than
 * {@code body_timeout} → 408; Kafka known not to take writes → 503 at once. A report that cannot be normalized or
 * encoded is kept whole on the dead-letter topic, then acknowledged. A re-sent CDR report is published once per
 * instance ({@link RecentReports}). Any bridge instance accepts any PBX's report.
 *
 * <p>Runs as {@link IngressSettings#instances()} {@link ReportIngressVerticle}s, one per event loop,
 * sharing one listening port (Vert.x spreads the connections over them), one in-flight bound and one
 * set of meters; each has its own normalizers, so none is shared between threads.
 */
public final class ReportIngressServer {
    private static final Logger LOG = LoggerFactory.getLogger(ReportIngressServer.class);
    /** Vert.x shares one random port between servers asking for the same negative port. */
    private static final int SHARED_RANDOM_PORT = -1;
    /** How often {@link #stop()} looks whether the reports still in flight got their answer. */
    private static final long DRAIN_POLL_MILLIS = 20;

    private final Vertx vertx;
    private final IngressSettings settings;
    private final IngressRoutes routes;
    private final EventSink sink;
    private final BridgeInfo bridge;
    private final IngressMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** When a report was first refused for a full in-flight bound with no slot returned since; 0 when not. */
    private volatile long saturatedSince;
    private final LongAdder secretComparisons = new LongAdder();
    private final AtomicInteger boundPort = new AtomicInteger(-1);
    // Warnings that anyone who can reach the port can repeat at will: a few lines, then a count.
    final RateLimitedLog refusedLog = RateLimitedLog.warn(LOG);
    final RateLimitedLog deadLetteredLog = RateLimitedLog.warn(LOG);
    final RateLimitedLog unacknowledgedLog = RateLimitedLog.warn(LOG);
    final RateLimitedLog failedLog = RateLimitedLog.warn(LOG);
    private final RecentReports recent;
    private volatile KafkaWritability kafka;
    private volatile ReloadingServerTls tls;
    private volatile String deployment;
    private volatile boolean accepting = true;

    /** @param routes called once per instance: each gets its own routes (normalizers are not shared) */
    public ReportIngressServer(Vertx vertx, IngressSettings settings, Supplier<Map<String, IngressRoute>> routes,
                               EventSink sink, BridgeInfo bridge, MeterRegistry registry) {
        this(vertx, settings, (IngressRoutes) () -> Map.copyOf(routes.get())::get, sink, bridge, registry);
    }

    /** @param routes looked up per report, each instance through its own lookup: the route set may change */
    public ReportIngressServer(Vertx vertx, IngressSettings settings, IngressRoutes routes,
                               EventSink sink, BridgeInfo bridge, MeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.routes = routes;
        this.sink = sink;
        this.bridge = bridge;
        this.metrics = new IngressMetrics(registry, inFlight::get);
        this.recent = new RecentReports(settings.dedupeWindow(), settings.dedupeMaxReports());
    }

    /**
     * While {@code kafka} says writes fail, reports get 503 with {@code Retry-After} at once (after the 404 checks)
     * instead of waiting {@code ack_timeout}; an unacknowledged report tells it. Call before {@link #start()}.
     */
    public ReportIngressServer failFastWhileDown(KafkaWritability kafka) {
        this.kafka = kafka;
        return this;
    }

    public ReportIngressServer(Vertx vertx, IngressSettings settings, Map<String, IngressRoute> routes,
                               EventSink sink, BridgeInfo bridge, MeterRegistry registry) {
        this(vertx, settings, () -> routes, sink, bridge, registry);
    }

    /** Loads the certificate when HTTPS is on (a bad pair fails with a configuration error), then listens. */
    public Future<Integer> start() {
        Future<ReloadingServerTls> loaded = settings.tls() == null ? Future.succeededFuture()
                : ReloadingServerTls.load(vertx, settings.tls(), "ingress.tls");
        return loaded.compose(https -> {
            tls = https;
            int instances = settings.instances();
            int port = settings.port() == 0 && instances > 1 ? SHARED_RANDOM_PORT : settings.port();
            return vertx.deployVerticle(() -> new ReportIngressVerticle(this, routes.forEventLoop(), port),
                    new DeploymentOptions().setInstances(instances));
        }).map(id -> {
            deployment = id;
            LOG.info("Report ingress listening on {}://{}:{} ({} event loop{})", tls == null ? "http" : "https",
                    settings.host(), boundPort.get(), settings.instances(), settings.instances() == 1 ? "" : "s");
            return boundPort.get();
        });
    }

    /**
     * Stops taking reports: new ones and those still sending their body get 503 (the PBX re-sends them), those
     * waiting for Kafka get their answer (at most {@code ack_timeout}); then the sockets close.
     */
    public Future<Void> stop() {
        accepting = false;
        String id = deployment;
        deployment = null;
        if (tls != null) {
            tls.close();
        }
        if (id == null) {
            return Future.succeededFuture();
        }
        return drained(settings.ackTimeout().plusSeconds(1)).compose(v -> vertx.undeploy(id));
    }

    private Future<Void> drained(Duration within) {
        if (inFlight.get() == 0) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        long deadline = System.nanoTime() + within.toNanos();
        vertx.setPeriodic(DRAIN_POLL_MILLIS, timer -> {
            if (inFlight.get() == 0 || System.nanoTime() > deadline) {
                if (inFlight.get() > 0) {
                    LOG.warn("Report ingress stopping with {} report(s) still unanswered", inFlight.get());
                }
                done.tryComplete();
                vertx.cancelTimer(timer);
            }
        });
        return done.future();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Why the ingress refuses every report for a reason of its own (not Kafka's), or null while it takes them: it
     * is stopping, or its in-flight bound has been full for longer than any report may legitimately hold a slot
     * ({@link IngressSettings#longestLegitimateHold()}) without one slot coming back.
     */
    public String refusingEverything() {
        if (!accepting) {
            return "stopping";
        }
        long since = saturatedSince;
        if (since != 0 && inFlight.get() >= settings.maxInFlight()) {
            Duration stuck = Duration.ofNanos(System.nanoTime() - since);
            if (stuck.compareTo(settings.longestLegitimateHold()) > 0) {
                return "all " + settings.maxInFlight() + " in-flight slots taken and none returned for "
                        + stuck.toSeconds() + " s (body_timeout + ack_timeout is " + settings.longestLegitimateHold().toSeconds()
                        + " s): every report is answered 503";
            }
        }
        return null;
    }

    /** Secret comparisons made, one per report naming a report path (known id or not). */
    public long secretComparisons() {
        return secretComparisons.sum();
    }

    // ------------------------------------------------------------------ shared by the instances

    IngressSettings settings() {
        return settings;
    }

    EventSink sink() {
        return sink;
    }

    BridgeInfo bridge() {
        return bridge;
    }

    IngressMetrics metrics() {
        return metrics;
    }

    ReloadingServerTls tls() {
        return tls;
    }

    RecentReports recent() {
        return recent;
    }

    /** The Kafka write state the ingress fails fast on; null when none was given (never down). */
    KafkaWritability kafka() {
        return kafka;
    }

    LongAdder secretComparisonCounter() {
        return secretComparisons;
    }

    boolean accepting() {
        return accepting;
    }

    void bound(int port) {
        boundPort.set(port);
    }

    /** Takes one in-flight slot; false (nothing taken) past the bound. */
    boolean reserve() {
        if (inFlight.incrementAndGet() > settings.maxInFlight()) {
            inFlight.decrementAndGet();
            if (saturatedSince == 0) {
                saturatedSince = System.nanoTime() | 1; // never 0
            }
            return false;
        }
        return true;
    }

    /** Gives a slot back; called exactly once per successful {@link #reserve()}. */
    void release() {
        inFlight.decrementAndGet();
        if (saturatedSince != 0) {
            saturatedSince = 0;
        }
    }
}
