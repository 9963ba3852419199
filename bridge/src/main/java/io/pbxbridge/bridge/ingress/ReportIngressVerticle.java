package io.pbxbridge.bridge.ingress;

import io.pbxbridge.bridge.ingress.IngressMetrics.Rejection;
import io.pbxbridge.connector.spi.DeadLetters;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.schema.IngressChannel;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** One event loop's share of the {@link ReportIngressServer}: its HTTP server, router and normalizers. */
final class ReportIngressVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ReportIngressVerticle.class);
    private static final String ADMITTED = "pbx.admitted";

    private final ReportIngressServer shared;
    private final IngressSettings settings;
    private final IngressMetrics metrics;
    private final Map<String, IngressRoute> routes;
    private final int port;

    /** What {@link #admit} learnt about a report, for {@link #process}. */
    private record Admitted(IngressRoute route, Instant receivedAt, long receivedNanos) {
    }

    ReportIngressVerticle(ReportIngressServer shared, Map<String, IngressRoute> routes, int port) {
        this.shared = shared;
        this.settings = shared.settings();
        this.metrics = shared.metrics();
        this.routes = routes;
        this.port = port;
    }

    @Override
    public Future<?> start() {
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
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(port).setIdleTimeout(60);
        return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> shared.bound(s.actualPort()));
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
        boolean accepting = shared.accepting();
        if (!accepting || !shared.reserve()) {
            metrics.rejected(Rejection.OVERLOADED);
            retryLater(ctx, accepting ? "too many reports in flight" : "bridge shutting down");
            return;
        }
        ctx.put(ADMITTED, new Admitted(route, Instant.now(), System.nanoTime()));
        ctx.next();
    }

    private void process(RoutingContext ctx) {
        Admitted admitted = ctx.get(ADMITTED);
        IngressRoute route = admitted.route();
        String pbxId = route.pbx().id();
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        metrics.received(pbxId);
        RawReport report = new RawReport(pbxId, body, admitted.receivedAt(), IngressChannel.HTTP_REPORT);
        List<NormalizedRecord> records;
        boolean deadLetter = false;
        try {
            records = route.normalizer().normalize(report);
        } catch (MalformedReportException | RuntimeException e) {
            String reason = e instanceof MalformedReportException ? e.getMessage()
                    : "normalizer failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("Report from PBX {} could not be normalized ({}); sending it to the dead-letter topic", pbxId, reason);
            records = List.of(DeadLetters.forReport(report, route.vendor(), reason, shared.bridge(),
                    ReportPaths.masked(pbxId)));
            deadLetter = true;
        }
        boolean dead = deadLetter;
        // The ack timeout runs on this event loop (Future.timeout on a future without a context would run
        // it on Netty's single global executor, a lock every report contends for).
        long timer = vertx.setTimer(settings.ackTimeout().toMillis(), id -> answer(ctx, admitted, pbxId, dead,
                Future.failedFuture(new TimeoutException("no acknowledgement within " + settings.ackTimeout()))));
        Context here = context;
        shared.sink().publish(records).onComplete(ar -> {
            // A sink may complete on another thread (the Kafka publisher does not): answer on this loop.
            if (Vertx.currentContext() == here) {
                acknowledged(timer, ctx, admitted, pbxId, dead, ar);
            } else {
                here.runOnContext(v -> acknowledged(timer, ctx, admitted, pbxId, dead, ar));
            }
        });
    }

    private void acknowledged(long timer, RoutingContext ctx, Admitted admitted, String pbxId, boolean dead,
                              AsyncResult<Void> ar) {
        if (vertx.cancelTimer(timer)) {
            answer(ctx, admitted, pbxId, dead, ar);
        }
    }

    private void answer(RoutingContext ctx, Admitted admitted, String pbxId, boolean dead, AsyncResult<Void> ar) {
        release(ctx);
        if (ar.succeeded()) {
            metrics.acked(pbxId, System.nanoTime() - admitted.receivedNanos());
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
    }

    private void release(RoutingContext ctx) {
        if (ctx.remove(ADMITTED) != null) {
            shared.release();
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
