package io.pbxbridge.bridge.ingress;

import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventSink;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Receives the reports PBXes push over HTTP and answers 200 only once Kafka holds them.
 *
 * <p>A PBX re-sends a report until it gets 200, so every refusal here is a delayed delivery, not a
 * loss: unknown PBX or wrong secret → 404 (never published); over the in-flight bound or Kafka not
 * acknowledging in time → 503 with {@code Retry-After}. A report that cannot be parsed is kept whole
 * on the dead-letter topic, then acknowledged. Stateless: any bridge instance accepts any PBX's report.
 *
 * <p>Runs as {@link IngressSettings#instances()} {@link ReportIngressVerticle}s, one per event loop,
 * sharing one listening port (Vert.x spreads the connections over them), one in-flight bound and one
 * set of meters; each has its own normalizers, so none is shared between threads.
 */
public final class ReportIngressServer {
    private static final Logger LOG = LoggerFactory.getLogger(ReportIngressServer.class);
    /** Vert.x shares one random port between servers asking for the same negative port. */
    private static final int SHARED_RANDOM_PORT = -1;

    private final Vertx vertx;
    private final IngressSettings settings;
    private final IngressRoutes routes;
    private final EventSink sink;
    private final BridgeInfo bridge;
    private final IngressMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger boundPort = new AtomicInteger(-1);
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
    }

    public ReportIngressServer(Vertx vertx, IngressSettings settings, Map<String, IngressRoute> routes,
                               EventSink sink, BridgeInfo bridge, MeterRegistry registry) {
        this(vertx, settings, () -> routes, sink, bridge, registry);
    }

    public Future<Integer> start() {
        int instances = settings.instances();
        int port = settings.port() == 0 && instances > 1 ? SHARED_RANDOM_PORT : settings.port();
        return vertx.deployVerticle(() -> new ReportIngressVerticle(this, routes.forEventLoop(), port),
                        new DeploymentOptions().setInstances(instances))
                .map(id -> {
                    deployment = id;
                    LOG.info("Report ingress listening on {}:{} ({} event loop{})", settings.host(), boundPort.get(),
                            instances, instances == 1 ? "" : "s");
                    return boundPort.get();
                });
    }

    /** Stops taking new reports (503) but lets in-flight ones finish; then closes the sockets. */
    public Future<Void> stop() {
        accepting = false;
        String id = deployment;
        deployment = null;
        return id == null ? Future.succeededFuture() : vertx.undeploy(id);
    }

    public int inFlight() {
        return inFlight.get();
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
            return false;
        }
        return true;
    }

    void release() {
        inFlight.decrementAndGet();
    }
}
