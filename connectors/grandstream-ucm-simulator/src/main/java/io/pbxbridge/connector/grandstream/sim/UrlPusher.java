package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The login-{@code url} report push. Seed 004 only says the PBX sends "system reports and call reports" to
 * the {@code url} given at login ("${ip}:${port}/${path}"; without it "no API report can be sent"); it shows
 * no report format. The simulator therefore POSTs the same notify body the WebSocket sends,
 * {@code {"message":[{"action":"notify","eventname":…,"eventbody":[…]}]}}, for every event name, one report
 * at a time in order, re-sending each until it gets HTTP 200. The queue is bounded; overflow is counted.
 */
final class UrlPusher implements EventHub.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(UrlPusher.class);
    private final Vertx vertx;
    private final WebClient client;
    private final String url;
    /** scheme://host:port only: the path may carry a secret and must not reach the log. */
    private final String logTarget;
    private final long retryMillis;
    private final int capacity;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final AtomicLong dropped;
    private final java.util.function.BooleanSupplier sessionAlive;
    private boolean inFlight;
    private boolean stopped;

    UrlPusher(Vertx vertx, WebClient client, String url, UcmSimulatorOptions o, AtomicLong dropped,
              java.util.function.BooleanSupplier sessionAlive) {
        this.sessionAlive = sessionAlive;
        this.vertx = vertx;
        this.client = client;
        this.url = url.startsWith("http://") || url.startsWith("https://") ? url : "http://" + url;
        int pathStart = this.url.indexOf('/', this.url.indexOf("//") + 2);
        this.logTarget = pathStart < 0 ? this.url : this.url.substring(0, pathStart);
        this.retryMillis = o.pushRetryDelay().toMillis();
        this.capacity = o.pushQueueCapacity();
        this.dropped = dropped;
    }

    @Override
    public synchronized void onEvent(String eventName, JsonArray eventBody) {
        if (stopped) {
            return;
        }
        if (!sessionAlive.getAsBoolean()) {
            // The login that gave the url has expired: the PBX forgets the push target with it.
            stop();
            return;
        }
        push(new JsonObject().put("message", new JsonArray().add(new JsonObject()
                .put("action", "notify").put("eventname", eventName).put("eventbody", eventBody.copy()))).encode());
    }

    /** Queues one report body exactly as given (a capture's replay). */
    synchronized void push(String body) {
        if (stopped) {
            return;
        }
        if (queue.size() >= capacity) {
            queue.removeFirst();
            dropped.incrementAndGet();
        }
        queue.addLast(body);
        sendNext();
    }

    synchronized void stop() {
        stopped = true;
        queue.clear();
    }

    private synchronized void sendNext() {
        if (inFlight || stopped || queue.isEmpty()) {
            return;
        }
        inFlight = true;
        String body = queue.peekFirst();
        client.postAbs(url).putHeader("Content-Type", "application/json")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer(body)).onComplete(ar -> {
            synchronized (this) {
                inFlight = false;
                if (ar.succeeded() && ar.result().statusCode() == 200) {
                    if (queue.peekFirst() == body) {
                        queue.removeFirst();
                    }
                    sendNext();
                    return;
                }
                LOG.debug("report push to {} not accepted ({}), retrying", logTarget,
                        ar.succeeded() ? "HTTP " + ar.result().statusCode() : ar.cause().toString());
                vertx.setTimer(retryMillis, t -> sendNext());
            }
        });
    }
}
