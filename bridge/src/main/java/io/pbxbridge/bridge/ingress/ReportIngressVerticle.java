package io.pbxbridge.bridge.ingress;

import io.pbxbridge.bridge.ingress.IngressMetrics.Rejection;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.schema.IngressChannel;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.TimeoutException;

/**
 * One event loop's share of the {@link ReportIngressServer}: its HTTP server and normalizers. A plain
 * request handler rather than a router: the ingress has one route, and routing every report through
 * Vert.x Web cost about a tenth of the event loop's time.
 */
final class ReportIngressVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ReportIngressVerticle.class);

    private final ReportIngressServer shared;
    private final IngressSettings settings;
    private final IngressMetrics metrics;
    private final Function<String, IngressRoute> routes;
    private final int port;

    ReportIngressVerticle(ReportIngressServer shared, Function<String, IngressRoute> routes, int port) {
        this.shared = shared;
        this.settings = shared.settings();
        this.metrics = shared.metrics();
        this.routes = routes;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(port).setIdleTimeout(60);
        return vertx.createHttpServer(options).requestHandler(this::handle).listen()
                .onSuccess(s -> shared.bound(s.actualPort()));
    }

    /** One report being taken: what admission learnt, and whether it still holds an in-flight slot. */
    private final class Exchange {
        final HttpServerRequest request;
        final IngressRoute route;
        final Instant receivedAt = Instant.now();
        final long receivedNanos = System.nanoTime();
        private boolean reserved = true;

        Exchange(HttpServerRequest request, IngressRoute route) {
            this.request = request;
            this.route = route;
        }

        void release() {
            if (reserved) {
                reserved = false;
                shared.release();
            }
        }

        HttpServerResponse response() {
            return request.response();
        }
    }

    private void handle(HttpServerRequest request) {
        String[] target = request.method() == HttpMethod.POST ? ReportPaths.parse(request.path()) : null;
        if (target == null) {
            request.response().setStatusCode(404).end();
            return;
        }
        Exchange exchange = admit(request, target[0], target[1]);
        if (exchange == null) {
            return;
        }
        long declared = contentLength(request);
        if (declared > settings.maxBodyBytes()) {
            tooLarge(exchange);
            return;
        }
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 512);
        boolean[] refused = new boolean[1];
        request.handler(chunk -> {
            if (refused[0]) {
                return; // drained, not kept
            }
            if (body.length() + chunk.length() > settings.maxBodyBytes()) {
                refused[0] = true;
                tooLarge(exchange);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> exchange.release()); // the PBX went away mid-report: it will re-send
        request.endHandler(v -> {
            if (!refused[0]) {
                process(exchange, body.getBytes());
            }
        });
    }

    /** Checks the PBX, its secret and source, and takes an in-flight slot; null when the report was refused. */
    private Exchange admit(HttpServerRequest request, String pbxId, String secret) {
        IngressRoute route = routes.apply(pbxId);
        if (route == null) {
            metrics.rejected(Rejection.UNKNOWN_PBX);
            request.response().setStatusCode(404).end();
            return null;
        }
        if (!route.pbx().reportSecret().matches(secret)) {
            metrics.rejected(Rejection.BAD_SECRET);
            LOG.warn("Report for PBX {} with a wrong secret from {}; refused", pbxId, request.remoteAddress());
            request.response().setStatusCode(404).end();
            return null;
        }
        String source = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (!route.sources().allows(source)) {
            metrics.rejected(Rejection.SOURCE_NOT_ALLOWED);
            LOG.warn("Report for PBX {} from {} which is not in its allowed_source_ips; refused", pbxId, source);
            request.response().setStatusCode(404).end();
            return null;
        }
        boolean accepting = shared.accepting();
        if (!accepting || !shared.reserve()) {
            metrics.rejected(Rejection.OVERLOADED);
            retryLater(request.response(), accepting ? "too many reports in flight" : "bridge shutting down");
            return null;
        }
        return new Exchange(request, route);
    }

    private void process(Exchange exchange, byte[] body) {
        IngressRoute route = exchange.route;
        String pbxId = route.pbx().id();
        metrics.received(pbxId);
        route.recorder().record(CaptureKinds.REPORT, null, body, exchange.receivedAt);
        RawReport report = new RawReport(pbxId, body, exchange.receivedAt, IngressChannel.HTTP_REPORT);
        ReportRecords.Outcome outcome = ReportRecords.of(route.normalizer(), route.vendor(), report, shared.bridge());
        if (outcome.deadLettered()) {
            LOG.warn("Report from PBX {} could not be normalized ({}); sending it to the dead-letter topic", pbxId,
                    outcome.deadLetterReason());
        }
        List<NormalizedRecord> records = outcome.records();
        boolean dead = outcome.deadLettered();
        // The ack timeout runs on this event loop (Future.timeout on a future without a context would run
        // it on Netty's single global executor, a lock every report contends for).
        long timer = vertx.setTimer(settings.ackTimeout().toMillis(), id -> answer(exchange, dead,
                Future.failedFuture(new TimeoutException("no acknowledgement within " + settings.ackTimeout()))));
        Context here = context;
        shared.sink().publish(records).onComplete(ar -> {
            // A sink may complete on another thread (the Kafka publisher does not): answer on this loop.
            if (Vertx.currentContext() == here) {
                acknowledged(timer, exchange, dead, ar);
            } else {
                here.runOnContext(v -> acknowledged(timer, exchange, dead, ar));
            }
        });
    }

    private void acknowledged(long timer, Exchange exchange, boolean dead, AsyncResult<Void> ar) {
        if (vertx.cancelTimer(timer)) {
            answer(exchange, dead, ar);
        }
    }

    private void answer(Exchange exchange, boolean dead, AsyncResult<Void> ar) {
        exchange.release();
        String pbxId = exchange.route.pbx().id();
        if (ar.succeeded()) {
            metrics.acked(pbxId, System.nanoTime() - exchange.receivedNanos);
            if (dead) {
                metrics.deadLettered(pbxId);
            }
            if (!exchange.response().ended()) {
                exchange.response().setStatusCode(200).end();
            }
        } else {
            metrics.rejected(Rejection.KAFKA_UNAVAILABLE);
            String why = ar.cause() instanceof TimeoutException ? "Kafka did not acknowledge in time"
                    : "Kafka unavailable: " + ar.cause().getMessage();
            LOG.warn("Report from PBX {} not acknowledged ({}); answering 503 so the PBX re-sends", pbxId, why);
            retryLater(exchange.response(), "Kafka unavailable");
        }
    }

    private void tooLarge(Exchange exchange) {
        exchange.release();
        metrics.rejected(Rejection.TOO_LARGE);
        if (!exchange.response().ended()) {
            exchange.response().setStatusCode(413).end("report larger than " + settings.maxBodyBytes() + " bytes");
        }
    }

    private void retryLater(HttpServerResponse response, String message) {
        if (!response.ended()) {
            response.setStatusCode(503)
                    .putHeader("Retry-After", String.valueOf(settings.retryAfterSeconds()))
                    .end(message);
        }
    }

    /** The declared body length; -1 when absent or unreadable (then the limit is enforced while reading). */
    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
