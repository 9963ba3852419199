package io.pbxbridge.bridge.ingress;

import io.pbxbridge.bridge.ingress.IngressMetrics.Rejection;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.DeadLetters;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.schema.IngressChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receives the reports PBXes push over HTTP and answers 200 only once Kafka holds them.
 *
 * <p>A PBX re-sends a report until it gets 200, so every refusal here is a delayed delivery, not a
 * loss: unknown PBX or wrong secret → 404 (never published); over the in-flight bound or Kafka not
 * acknowledging in time → 503 with {@code Retry-After}. A report that cannot be parsed is kept whole
 * on the dead-letter topic, then acknowledged. Stateless: any bridge instance accepts any PBX's report.
 */
public final class ReportIngressServer {
    private static final Logger LOG = LoggerFactory.getLogger(ReportIngressServer.class);

    private final Vertx vertx;
    private final IngressSettings settings;
    private final Map<String, IngressRoute> routes;
    private final EventSink sink;
    private final BridgeInfo bridge;
    private final IngressMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private HttpServer server;
    private volatile boolean accepting = true;

    public ReportIngressServer(Vertx vertx, IngressSettings settings, Map<String, IngressRoute> routes,
                               EventSink sink, BridgeInfo bridge, io.micrometer.core.instrument.MeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.routes = Map.copyOf(routes);
        this.sink = sink;
        this.bridge = bridge;
        this.metrics = new IngressMetrics(registry, inFlight::get);
    }

    public Future<Integer> start() {
        Router router = Router.router(vertx);
        router.post(ReportPaths.ROUTE).handler(this::admit);
        router.post(ReportPaths.ROUTE).handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
        router.post(ReportPaths.ROUTE).handler(this::process);
        router.route().handler(ctx -> ctx.response().setStatusCode(404).end());
        router.errorHandler(413, ctx -> {
            release(ctx);
            metrics.rejected(Rejection.TOO_LARGE);
            ctx.response().setStatusCode(413).end("report larger than " + settings.maxBodyBytes() + " bytes");
        });
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
                .setIdleTimeout(60);
        return vertx.createHttpServer(options).requestHandler(router).listen().map(s -> {
            server = s;
            LOG.info("Report ingress listening on {}:{}", settings.host(), s.actualPort());
            return s.actualPort();
        });
    }

    /** Stops taking new reports (503) but lets in-flight ones finish; then closes the socket. */
    public Future<Void> stop() {
        accepting = false;
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int inFlight() {
        return inFlight.get();
    }

    private void admit(RoutingContext ctx) {
        String pbxId = ctx.pathParam("pbxId");
        IngressRoute route = routes.get(pbxId);
        if (route == null) {
            metrics.rejected(Rejection.UNKNOWN_PBX);
            ctx.response().setStatusCode(404).end();
            return;
        }
        if (!route.pbx().reportSecret().matches(ctx.pathParam("secret"))) {
            metrics.rejected(Rejection.BAD_SECRET);
            LOG.warn("Report for PBX {} with a wrong secret from {}; refused", pbxId, ctx.request().remoteAddress());
            ctx.response().setStatusCode(404).end();
            return;
        }
        String source = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        if (!route.sources().allows(source)) {
            metrics.rejected(Rejection.SOURCE_NOT_ALLOWED);
            LOG.warn("Report for PBX {} from {} which is not in its allowed_source_ips; refused", pbxId, source);
            ctx.response().setStatusCode(404).end();
            return;
        }
        if (!accepting || inFlight.incrementAndGet() > settings.maxInFlight()) {
            if (accepting) {
                inFlight.decrementAndGet();
            }
            metrics.rejected(Rejection.OVERLOADED);
            retryLater(ctx, accepting ? "too many reports in flight" : "bridge shutting down");
            return;
        }
        ctx.put("route", route);
        ctx.put("receivedAt", Instant.now());
        ctx.put("reserved", Boolean.TRUE);
        ctx.next();
    }

    private void process(RoutingContext ctx) {
        IngressRoute route = ctx.get("route");
        Instant receivedAt = ctx.get("receivedAt");
        String pbxId = route.pbx().id();
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        route.recorder().record(CaptureKinds.REPORT, null, body, receivedAt);
        metrics.received(pbxId);
        RawReport report = new RawReport(pbxId, body, receivedAt, IngressChannel.HTTP_REPORT);
        List<NormalizedRecord> records;
        boolean deadLetter = false;
        try {
            records = route.normalizer().normalize(report);
        } catch (MalformedReportException | RuntimeException e) {
            String reason = e instanceof MalformedReportException ? e.getMessage()
                    : "normalizer failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("Report from PBX {} could not be normalized ({}); sending it to the dead-letter topic", pbxId, reason);
            records = List.of(DeadLetters.forReport(report, route.vendor(), reason, bridge, ReportPaths.masked(pbxId)));
            deadLetter = true;
        }
        boolean dead = deadLetter;
        sink.publish(records)
                .timeout(settings.ackTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .onComplete(ar -> {
                    release(ctx);
                    if (ar.succeeded()) {
                        metrics.acked(pbxId, Duration.between(receivedAt, Instant.now()));
                        if (dead) {
                            metrics.deadLettered(pbxId);
                        }
                        ctx.response().setStatusCode(200).end();
                    } else {
                        metrics.rejected(Rejection.KAFKA_UNAVAILABLE);
                        String why = ar.cause() instanceof TimeoutException ? "Kafka did not acknowledge in time"
                                : "Kafka unavailable: " + ar.cause().getMessage();
                        LOG.warn("Report from PBX {} not acknowledged ({}); answering 503 so the PBX re-sends", pbxId, why);
                        retryLater(ctx, "Kafka unavailable");
                    }
                });
    }

    private void release(RoutingContext ctx) {
        if (ctx.remove("reserved") != null) {
            inFlight.decrementAndGet();
        }
    }

    private void retryLater(RoutingContext ctx, String message) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(503)
                    .putHeader("Retry-After", String.valueOf(settings.retryAfterSeconds()))
                    .end(message);
        }
    }
}
