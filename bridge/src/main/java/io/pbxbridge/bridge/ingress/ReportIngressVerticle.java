package io.pbxbridge.bridge.ingress;

import io.pbxbridge.bridge.ingress.IngressMetrics.Rejection;
import io.pbxbridge.bridge.kafka.KafkaWritability;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.UnencodableRecordException;
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

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One event loop's share of the {@link ReportIngressServer}: its HTTP server and normalizers. A plain
 * request handler rather than a router: the ingress has one route, and routing every report through
 * Vert.x Web cost about a tenth of the event loop's time.
 *
 * <p>A report holds one in-flight slot from its headers to its answer, and every way a request can end goes
 * through {@link #end}, which gives the slot back exactly once: its answer (200, 408, 413, 503), the client
 * going away or breaking the framing mid-body, an exception in the bridge. Each stage has a deadline, so no
 * slot can be held for ever: the body {@code body_timeout}, the wait for Kafka {@code ack_timeout}. Both are
 * checked by one periodic {@link #sweep} from the oldest exchange of each stage, not by a timer per report (setting
 * and cancelling one per report was about 5% of the event loop's time at 46,000 reports/s).
 *
 * <p>HTTP/1.1 only: PBXes POST their reports over HTTP/1.1, so neither an h2c upgrade, HTTP/2 with prior
 * knowledge nor HTTP/2 over TLS (ALPN) is offered.
 */
final class ReportIngressVerticle extends VerticleBase {
    /** How long a keep-alive connection may sit idle between reports. */
    static final int IDLE_TIMEOUT_SECONDS = 60;
    private static final long MAX_SWEEP_MILLIS = 250;
    private static final long MIN_SWEEP_MILLIS = 10;

    private enum Stage { READING, PUBLISHING, DONE }

    private final ReportIngressServer shared;
    private final IngressSettings settings;
    private final IngressMetrics metrics;
    private final Function<String, IngressRoute> routes;
    private final ReportGate gate;
    private final int port;
    private final long bodyTimeoutNanos;
    private final long ackTimeoutNanos;
    /** Exchanges still reading their body, oldest first. */
    private final Line reading = new Line();
    /** Exchanges whose records are at Kafka (or waiting for the same report's first publish), oldest first. */
    private final Line awaitingAck = new Line();

    ReportIngressVerticle(ReportIngressServer shared, Function<String, IngressRoute> routes, int port) {
        this.shared = shared;
        this.settings = shared.settings();
        this.metrics = shared.metrics();
        this.routes = routes;
        this.gate = new ReportGate(shared.secretComparisonCounter());
        this.port = port;
        this.bodyTimeoutNanos = settings.bodyTimeout().toNanos();
        this.ackTimeoutNanos = settings.ackTimeout().toNanos();
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(port)
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
                .setHttp2ClearTextEnabled(false) // no h2c upgrade, no prior-knowledge HTTP/2
                .setUseAlpn(false)               // and none over TLS either
                // No WebSocket is accepted (below), so none negotiates compression: without it Netty's extension
                // handler leaves the pipeline, which inspected every request's and response's headers for one.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
        if (shared.tls() != null) {
            shared.tls().applyTo(options);
        }
        long shortest = Math.min(settings.bodyTimeout().toMillis(), settings.ackTimeout().toMillis());
        long sweep = Math.max(MIN_SWEEP_MILLIS, Math.min(MAX_SWEEP_MILLIS, shortest / 10));
        vertx.setPeriodic(sweep, id -> sweep());
        return vertx.createHttpServer(options).requestHandler(this::handle)
                // With a WebSocket handshake handler set, Vert.x hands a request naming an HTTP version it does not
                // speak (the HTTP/2 preface "PRI * HTTP/2.0") to handle(), which answers 400, instead of answering
                // 501 itself: the only 5xx of the ingress stays 503, "try again later". No WebSocket is accepted.
                .webSocketHandshakeHandler(handshake -> handshake.reject(404))
                .listen()
                .onSuccess(server -> {
                    shared.bound(server.actualPort());
                    if (shared.tls() != null) {
                        shared.tls().watch(server);
                    }
                });
    }

    /** One report being taken: what admission learnt, its body, and where it is. */
    private static final class Exchange {
        final HttpServerRequest request;
        final IngressRoute route;
        final Instant receivedAt = Instant.now();
        final long receivedNanos = System.nanoTime();
        Stage stage = Stage.READING;
        Buffer body;
        RawReport report;
        boolean deadLetter;
        /** When its records went to Kafka (or it began waiting for the same report's first publish). */
        long publishedAt;
        /** Set while this exchange makes its report's first publish: settled when Kafka answers. */
        RecentReports.First claim;
        /** The stage's line it is on (null once done), and its neighbours there. */
        Line line;
        Exchange older;
        Exchange newer;

        Exchange(HttpServerRequest request, IngressRoute route) {
            this.request = request;
            this.route = route;
        }

        String pbxId() {
            return route.pbx().id();
        }
    }

    private void handle(HttpServerRequest request) {
        if (request.version() == null) {
            answer(request, 400, "", true); // neither HTTP/1.0 nor HTTP/1.1
            return;
        }
        String[] target = request.method() == HttpMethod.POST ? ReportPaths.parse(request.path()) : null;
        if (target == null) {
            request.response().setStatusCode(404).end();
            return;
        }
        String expect = request.getHeader(HttpHeaders.EXPECT);
        boolean continueExpected = expect != null && expect.equalsIgnoreCase("100-continue");
        if (expect != null && !continueExpected) {
            metrics.rejected(Rejection.EXPECTATION_FAILED);
            answer(request, 417, "", true);
            return;
        }
        Exchange exchange = admit(request, target[0], target[1]);
        if (exchange == null) {
            return;
        }
        reading.add(exchange); // READING means: on the line the sweep walks
        long declared = contentLength(request);
        if (declared > settings.maxBodyBytes()) {
            tooLarge(exchange);
            return;
        }
        exchange.body = Buffer.buffer(declared > 0 ? (int) declared : 512);
        request.handler(chunk -> bodyPart(exchange, chunk));
        request.exceptionHandler(e -> broken(exchange)); // the PBX went away or broke the framing: it will re-send
        request.endHandler(v -> bodyComplete(exchange));
        if (continueExpected) {
            request.response().writeContinue();
        }
    }

    /**
     * Checks the PBX, its secret and source, and takes an in-flight slot; null when the report was refused. An
     * unknown id and a wrong secret take the same path (see {@link ReportGate}) and get the same empty 404.
     */
    private Exchange admit(HttpServerRequest request, String pbxId, String secret) {
        IngressRoute route = routes.apply(pbxId);
        if (!gate.opens(route, secret)) {
            Rejection why = route == null ? Rejection.UNKNOWN_PBX : Rejection.BAD_SECRET;
            metrics.rejected(why);
            shared.refusedLog.log("Report refused ({}): PBX id {} from {}", why.tag(), pbxId, request.remoteAddress());
            request.response().setStatusCode(404).end();
            return null;
        }
        // The peer's address as text is formatted only for an allowlist: it was a fifth of admission's time.
        if (!route.sources().allowsEveryone()) {
            String source = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
            if (!route.sources().allows(source)) {
                metrics.rejected(Rejection.SOURCE_NOT_ALLOWED);
                shared.refusedLog.log("Report refused (source not in allowed_source_ips): PBX id {} from {}", pbxId,
                        source);
                request.response().setStatusCode(404).end();
                return null;
            }
        }
        if (!shared.accepting()) {
            metrics.rejected(Rejection.SHUTTING_DOWN);
            retryLater(request, "bridge shutting down", false);
            return null;
        }
        KafkaWritability kafka = shared.kafka();
        if (kafka != null && kafka.down()) {
            // Known down: waiting ack_timeout would only hold the PBX and a slot. Counted, not logged per report.
            metrics.rejected(Rejection.KAFKA_UNAVAILABLE);
            kafka.refused();
            retryLater(request, "Kafka unavailable", false);
            return null;
        }
        if (!shared.reserve()) {
            metrics.rejected(Rejection.OVERLOADED);
            retryLater(request, "too many reports in flight", false);
            return null;
        }
        return new Exchange(request, route);
    }

    // ------------------------------------------------------------------ the body

    private void bodyPart(Exchange exchange, Buffer chunk) {
        if (exchange.stage != Stage.READING) {
            return; // answered already (413, 408): drained, not kept
        }
        if (exchange.body.length() + chunk.length() > settings.maxBodyBytes()) {
            tooLarge(exchange);
            return;
        }
        exchange.body.appendBuffer(chunk);
    }

    private void bodyComplete(Exchange exchange) {
        if (exchange.stage != Stage.READING) {
            return;
        }
        metrics.received(exchange.pbxId()); // before it leaves the reading line, where the sweep still ends it
        reading.remove(exchange);
        exchange.stage = Stage.PUBLISHING;
        process(exchange);
    }

    private void broken(Exchange exchange) {
        // Once the body is in, the answer comes from Kafka's acknowledgement or the ack timer.
        if (exchange.stage == Stage.READING && end(exchange)) {
            metrics.rejected(Rejection.INCOMPLETE);
        }
    }

    private void tooLarge(Exchange exchange) {
        if (end(exchange)) {
            metrics.rejected(Rejection.TOO_LARGE);
            answer(exchange.request, 413, "report larger than " + settings.maxBodyBytes() + " bytes", true);
        }
    }

    /**
     * Ends the exchanges whose body is overdue (408; the PBX re-sends), or, once the server stops accepting, every
     * exchange still reading (503); then those Kafka has not acknowledged within {@code ack_timeout} (503). Oldest
     * first: each line is in the order its deadlines fall, so the sweep stops at the first exchange still in time.
     */
    private void sweep() {
        boolean stopping = !shared.accepting();
        long now = System.nanoTime();
        while (reading.oldest != null && (stopping || now - reading.oldest.receivedNanos >= bodyTimeoutNanos)) {
            Exchange overdue = reading.oldest;
            if (stopping) {
                retryLater(overdue, Rejection.SHUTTING_DOWN, "bridge shutting down");
            } else if (end(overdue)) {
                metrics.rejected(Rejection.BODY_TIMEOUT);
                shared.refusedLog.log("Report for PBX {} from {}: body not complete within {}; answered 408",
                        overdue.pbxId(), overdue.request.remoteAddress(), settings.bodyTimeout());
                answer(overdue.request, 408, "", true);
            }
        }
        while (awaitingAck.oldest != null && now - awaitingAck.oldest.publishedAt >= ackTimeoutNanos) {
            unacknowledged(awaitingAck.oldest, null); // ends it: off the line
        }
    }

    /**
     * Exchanges at one stage in the order they reached it, linked through the exchanges (no allocation per report).
     * A stage's timeout is the same for all, so the oldest is always the first due.
     */
    private static final class Line {
        Exchange oldest;
        Exchange newest;

        void add(Exchange exchange) {
            exchange.line = this;
            exchange.older = newest;
            if (newest != null) {
                newest.newer = exchange;
            } else {
                oldest = exchange;
            }
            newest = exchange;
        }

        void remove(Exchange exchange) {
            if (exchange.line != this) {
                return;
            }
            if (exchange.older != null) {
                exchange.older.newer = exchange.newer;
            } else {
                oldest = exchange.newer;
            }
            if (exchange.newer != null) {
                exchange.newer.older = exchange.older;
            } else {
                newest = exchange.older;
            }
            exchange.line = null;
            exchange.older = null;
            exchange.newer = null;
        }
    }

    // ------------------------------------------------------------------ to Kafka

    private void process(Exchange exchange) {
        try {
            IngressRoute route = exchange.route;
            byte[] body = exchange.body.getBytes();
            exchange.body = null;
            route.recorder().record(CaptureKinds.REPORT, null, body, exchange.receivedAt);
            exchange.report = new RawReport(exchange.pbxId(), body, exchange.receivedAt, IngressChannel.HTTP_REPORT);
            ReportRecords.Outcome outcome = ReportRecords.of(route.normalizer(), route.vendor(), exchange.report,
                    shared.bridge());
            if (outcome.deadLettered()) {
                exchange.deadLetter = true;
                shared.deadLetteredLog.log("Report from PBX {} could not be normalized ({}); sending it to the "
                        + "dead-letter topic", exchange.pbxId(), outcome.deadLetterReason());
            }
            exchange.publishedAt = System.nanoTime();
            awaitingAck.add(exchange); // the sweep answers 503 past ack_timeout
            RecentReports.Claim claim = shared.recent().claim(RecentReports.key(outcome.records()));
            if (claim instanceof RecentReports.First first) {
                exchange.claim = first;
                publish(exchange, outcome.records());
            } else {
                // A re-send: answered with the first publish's outcome, or 200 from memory; never published twice.
                metrics.duplicate(exchange.pbxId());
                answerWhenDone(exchange, claim instanceof RecentReports.InFlight waiting ? waiting.outcome()
                        : Future.succeededFuture());
            }
        } catch (RuntimeException | Error e) {
            settleClaim(exchange, e);
            failed(exchange, e); // whatever went wrong, the slot comes back and the PBX re-sends
        }
    }

    private void publish(Exchange exchange, List<NormalizedRecord> records) {
        try {
            answerWhenDone(exchange, shared.sink().publish(records));
        } catch (RuntimeException e) {
            settleClaim(exchange, e);
            failed(exchange, e);
        }
    }

    private void answerWhenDone(Exchange exchange, Future<Void> outcome) {
        Context here = context;
        outcome.onComplete(ar -> {
            // A sink, or the first publish of a re-sent report, may complete on another thread: answer on this loop.
            if (Vertx.currentContext() == here) {
                published(exchange, ar);
            } else {
                here.runOnContext(v -> published(exchange, ar));
            }
        });
    }

    /** The report's first publish is over: re-sends waiting for it get its outcome. */
    private void settleClaim(Exchange exchange, Throwable failure) {
        if (exchange.claim != null) {
            shared.recent().settle(exchange.claim, failure);
            exchange.claim = null;
        }
    }

    private void published(Exchange exchange, AsyncResult<Void> ar) {
        boolean deadLetterNext = ar.failed() && ar.cause() instanceof UnencodableRecordException
                && !exchange.deadLetter && exchange.stage == Stage.PUBLISHING;
        if (!deadLetterNext) {
            settleClaim(exchange, ar.cause()); // whether or not the PBX still waits for this answer
        }
        if (exchange.stage != Stage.PUBLISHING) {
            return; // answered already: Kafka acknowledged after ack_timeout (the PBX re-sends; same event ids)
        }
        if (ar.succeeded()) {
            if (end(exchange)) {
                metrics.acked(exchange.pbxId(), System.nanoTime() - exchange.receivedNanos);
                if (exchange.deadLetter) {
                    metrics.deadLettered(exchange.pbxId());
                }
                answer(exchange.request, 200, "", false);
            }
        } else if (ar.cause() instanceof UnencodableRecordException e && !exchange.deadLetter) {
            // Permanent: re-sent, it would fail the same way for ever. Kept whole on the dead-letter topic instead,
            // and answered 200 once Kafka has it (still within the same ack_timeout).
            exchange.deadLetter = true;
            String reason = "normalized records cannot be encoded: " + e.getMessage();
            shared.deadLetteredLog.log("Report from PBX {} {}; sending it to the dead-letter topic", exchange.pbxId(),
                    reason);
            publish(exchange, List.of(ReportRecords.deadLetter(exchange.route.vendor(), exchange.report, reason,
                    shared.bridge())));
        } else {
            unacknowledged(exchange, ar.cause());
        }
    }

    /** @param cause null when the ack timer ran out */
    private void unacknowledged(Exchange exchange, Throwable cause) {
        KafkaWritability kafka = shared.kafka();
        boolean knownDown = kafka != null && kafka.down();
        if (cause == null && kafka != null) {
            // A write not acknowledged in time is the first sign of a broker gone quiet (its own errors come later).
            kafka.failed(exchange.publishedAt, "no acknowledgement within ingress.ack_timeout " + settings.ackTimeout());
        }
        if (end(exchange)) {
            metrics.rejected(Rejection.KAFKA_UNAVAILABLE);
            if (kafka != null) {
                kafka.refused();
            }
            if (!knownDown) { // while Kafka is known down, its two log lines say it all
                String why = cause == null ? "Kafka did not acknowledge within " + settings.ackTimeout()
                        : "Kafka unavailable: " + cause.getMessage();
                shared.unacknowledgedLog.log("Report from PBX {} not acknowledged ({}); answering 503 so the PBX "
                        + "re-sends", exchange.pbxId(), why);
            }
            retryLater(exchange.request, "Kafka unavailable", false);
        }
    }

    private void failed(Exchange exchange, Throwable e) {
        shared.failedLog.log("Report from PBX {} failed in the bridge; answering 503 so the PBX re-sends",
                exchange.pbxId(), e);
        retryLater(exchange, Rejection.INTERNAL_ERROR, "report not processed");
    }

    // ------------------------------------------------------------------ ending

    /**
     * The one place a report's slot is given back: true the first time, false when the exchange had ended already
     * (the caller then answers nothing).
     */
    private boolean end(Exchange exchange) {
        if (exchange.stage == Stage.DONE) {
            return false;
        }
        if (exchange.line != null) {
            exchange.line.remove(exchange);
        }
        exchange.stage = Stage.DONE;
        shared.release();
        return true;
    }

    private void retryLater(Exchange exchange, Rejection why, String message) {
        boolean midBody = exchange.stage == Stage.READING;
        if (end(exchange)) {
            metrics.rejected(why);
            retryLater(exchange.request, message, midBody);
        }
    }

    private void retryLater(HttpServerRequest request, String message, boolean close) {
        HttpServerResponse response = request.response();
        if (!response.ended() && !response.closed()) {
            response.putHeader("Retry-After", String.valueOf(settings.retryAfterSeconds()));
            answer(request, 503, message, close);
        }
    }

    /**
     * Answers unless the response was sent or the connection is gone. {@code close}: the rest of the request will
     * not be read, so the connection cannot carry another one and is closed once the answer is out.
     */
    private static void answer(HttpServerRequest request, int status, String body, boolean close) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            response.end(body).onComplete(ar -> request.connection().close());
        } else if (body.isEmpty()) {
            response.end();
        } else {
            response.end(body);
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
