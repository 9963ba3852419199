package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.spi.sim.PushObserver;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Delivers reports like the PBX: HTTP POST, {@code Content-Type: application/json},
 * {@code User-Agent: WebAPI}, one at a time in generation order, re-sending the same body after
 * {@code retryInterval} until the receiver answers 200 ("or the PBX will send API reports
 * repeatedly", spec §A.2). Event-loop confined except for the counters.
 */
final class ReportPusher {
    private static final Logger LOG = LoggerFactory.getLogger(ReportPusher.class);

    private static final class Queued {
        final String body;
        final ReportTarget target;
        final String token;
        final Promise<Void> delivered = Promise.promise();
        int attempts;

        Queued(String body, ReportTarget target, String token) {
            this.body = body;
            this.target = target;
            this.token = token;
        }
    }

    private final Vertx vertx;
    private final WebClient client;
    private final boolean ownClient;
    private final PushObserver observer;
    private final Duration retryInterval;
    private final int maxAttempts;
    private final int maxQueued;
    private final Consumer<String> onDelivered;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong undeliverable = new AtomicLong();
    private volatile int pending;
    private boolean inFlight;
    private boolean paused;
    private boolean stopped;
    private long retryTimer = -1;

    ReportPusher(Vertx vertx, Duration retryInterval, int maxAttempts, int maxQueued, Consumer<String> onDelivered) {
        this(vertx, null, PushObserver.NONE, retryInterval, maxAttempts, maxQueued, onDelivered);
    }

    /**
     * @param shared   a client shared by many simulated PBXes (a fleet), not closed here; null: a client of its own
     * @param observer told how each POST was answered and how fast
     */
    ReportPusher(Vertx vertx, io.vertx.core.http.HttpClient shared, PushObserver observer, Duration retryInterval,
                 int maxAttempts, int maxQueued, Consumer<String> onDelivered) {
        this.vertx = vertx;
        this.observer = observer;
        this.ownClient = shared == null;
        this.client = shared != null ? WebClient.wrap(shared) : WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("WebAPI")
                .setConnectTimeout(5_000)
                .setIdleTimeout(30)
                .setKeepAlive(true));
        this.retryInterval = retryInterval;
        this.maxAttempts = maxAttempts;
        this.maxQueued = maxQueued;
        this.onDelivered = onDelivered;
    }

    /** Queues one report; the future completes once the receiver answered 200. */
    Future<Void> push(String body, ReportTarget target, String token) {
        generated.incrementAndGet();
        if (queue.size() >= maxQueued) {
            undeliverable.incrementAndGet();
            return Future.failedFuture(new IllegalStateException("report queue full (" + maxQueued + ")"));
        }
        Queued q = new Queued(body, target, token);
        queue.addLast(q);
        pending = queue.size();
        pump();
        return q.delivered.future();
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
        pump();
    }

    void stop() {
        stopped = true;
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        for (Queued q : queue) {
            q.delivered.tryFail("simulator stopped");
        }
        queue.clear();
        pending = 0;
        if (ownClient) {
            client.close();
        }
    }

    ReportCounters counters() {
        return new ReportCounters(generated.get(), delivered.get(), attempts.get(), pending, undeliverable.get());
    }

    private void pump() {
        if (paused || stopped || inFlight || retryTimer >= 0 || queue.isEmpty()) {
            return;
        }
        Queued q = queue.peekFirst();
        inFlight = true;
        q.attempts++;
        attempts.incrementAndGet();
        var request = client.post(q.target.port(), q.target.host(), q.target.path());
        if (q.target.format() == ReportFormat.MEMBERS) {
            // v2 HTTP events: one short-lived TCP connection per event (S2 api-reports.html)
            request.putHeader("Connection", "close");
        }
        long sentAt = System.nanoTime();
        request.putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .putHeader("User-Agent", "WebAPI")
                .timeout(10_000)
                .sendBuffer(Buffer.buffer(q.body))
                .onComplete(ar -> {
                    inFlight = false;
                    observer.answered(ar.succeeded() ? ar.result().statusCode() : 0, System.nanoTime() - sentAt);
                    if (stopped) {
                        return;
                    }
                    if (ar.succeeded() && ar.result().statusCode() == 200) {
                        queue.pollFirst();
                        pending = queue.size();
                        delivered.incrementAndGet();
                        onDelivered.accept(q.token);
                        q.delivered.tryComplete();
                        pump();
                        return;
                    }
                    String why = ar.succeeded() ? "HTTP " + ar.result().statusCode() : ar.cause().toString();
                    if (q.attempts >= maxAttempts) {
                        queue.pollFirst();
                        pending = queue.size();
                        undeliverable.incrementAndGet();
                        LOG.warn("report to {} undeliverable after {} attempts ({})", q.target, q.attempts, why);
                        q.delivered.tryFail("undeliverable after " + q.attempts + " attempts: " + why);
                        pump();
                        return;
                    }
                    LOG.debug("report to {} not acknowledged ({}), re-sending in {}", q.target, why, retryInterval);
                    retryTimer = vertx.setTimer(Math.max(1, retryInterval.toMillis()), id -> {
                        retryTimer = -1;
                        pump();
                    });
                });
    }
}
