package io.pbxbridge.bridge.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live lines as Server-Sent Events, bounded on both sides: at most {@link #MAX_STREAMS} open
 * streams (more get 503), and per stream at most {@link #MAX_PENDING} lines handed to its event loop
 * plus what fits its connection's write queue ({@link #WRITE_QUEUE_BYTES}). A browser that reads
 * too slowly loses lines (counted in {@code pbx_status_stream_dropped_total} and announced to it as a
 * gap once it catches up); one that stops reading for {@link #STALLED_MS} is disconnected.
 */
final class EventStreams {
    static final int MAX_STREAMS = 16;
    static final int MAX_PENDING = 64;
    static final int WRITE_QUEUE_BYTES = 64 * 1024;
    static final long HEARTBEAT_MS = 15_000;
    static final long STALLED_MS = 60_000;

    private final Vertx vertx;
    private final int maxStreams;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final Counter dropped;
    private final Counter refused;
    private long heartbeat = -1;

    EventStreams(Vertx vertx, MeterRegistry registry, int maxStreams) {
        this.vertx = vertx;
        this.maxStreams = maxStreams;
        this.dropped = Counter.builder("pbx_status_stream_dropped").description(
                "Live lines not sent to a status-page browser that read too slowly").register(registry);
        this.refused = Counter.builder("pbx_status_streams_refused").description(
                "Status-page event streams refused (503) because the maximum was open").register(registry);
        Gauge.builder("pbx_status_streams", open, AtomicInteger::get)
                .description("Open status-page event streams").register(registry);
    }

    void start() {
        heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> streams.forEach(Stream::heartbeat));
    }

    /** Opens a stream for this request, first sending the backlog lines; answers 503 when too many are open. */
    void open(RoutingContext ctx, List<StatusFeed.LiveLine> backlog) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            refused.increment();
            ctx.response().setStatusCode(503).putHeader("Retry-After", "10").putHeader("Cache-Control", "no-store")
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("too many open status streams (" + maxStreams + "); close a tab or retry later\n");
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .setWriteQueueMaxSize(WRITE_QUEUE_BYTES)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        Stream stream = new Stream(vertx.getOrCreateContext(), response);
        streams.add(stream);
        response.closeHandler(v -> stream.close());
        response.exceptionHandler(e -> stream.close());
        response.write("retry: 3000\n\n");
        backlog.forEach(stream::write);
    }

    /** Hands a new line to every open stream; never blocks, never queues more than {@link #MAX_PENDING} per stream. */
    void publish(StatusFeed.LiveLine line) {
        for (Stream s : streams) {
            s.offer(line);
        }
    }

    int maxStreams() {
        return maxStreams;
    }

    int openStreams() {
        return open.get();
    }

    double droppedLines() {
        return dropped.count();
    }

    void closeAll() {
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
        }
        streams.forEach(Stream::end);
    }

    static String event(StatusFeed.LiveLine line) {
        JsonObject data = new JsonObject().put("seq", line.seq()).put("at", line.at().toString())
                .put("pbx", line.pbx()).put("type", line.type()).put("text", line.text())
                .put("failure", line.failure());
        return "id: " + line.seq() + "\nevent: line\ndata: " + data.encode() + "\n\n";
    }

    /** One browser's stream; written only on the event loop of its connection. */
    private final class Stream {
        private final Context context;
        private final HttpServerResponse response;
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicLong droppedHere = new AtomicLong();
        private final AtomicBoolean closed = new AtomicBoolean();
        private long announced;
        private long fullSince = -1;

        Stream(Context context, HttpServerResponse response) {
            this.context = context;
            this.response = response;
        }

        void offer(StatusFeed.LiveLine line) {
            if (pending.incrementAndGet() > MAX_PENDING) {
                pending.decrementAndGet();
                drop();
                return;
            }
            context.runOnContext(v -> {
                pending.decrementAndGet();
                write(line);
            });
        }

        void write(StatusFeed.LiveLine line) {
            guarded(() -> send(line));
        }

        /** The connection may be gone before its close handler ran: a failed write just closes the stream. */
        private void guarded(Runnable write) {
            if (closed.get()) {
                return;
            }
            try {
                write.run();
            } catch (IllegalStateException e) {
                close();
            }
        }

        private void send(StatusFeed.LiveLine line) {
            if (response.writeQueueFull()) {
                drop();
                if (fullSince < 0) {
                    fullSince = System.nanoTime();
                }
                return;
            }
            fullSince = -1;
            long lost = droppedHere.get();
            if (lost > announced) {
                response.write("event: gap\ndata: {\"dropped\":" + (lost - announced) + "}\n\n");
                announced = lost;
            }
            response.write(event(line));
        }

        void heartbeat() {
            context.runOnContext(v -> guarded(() -> {
                if (!response.writeQueueFull()) {
                    response.write(": keep-alive\n\n");
                    fullSince = -1;
                    return;
                }
                if (fullSince < 0) {
                    fullSince = System.nanoTime();
                } else if (System.nanoTime() - fullSince > STALLED_MS * 1_000_000L) {
                    response.reset(); // a browser that reads nothing for a minute gives its slot back
                    close();
                }
            }));
        }

        private void drop() {
            droppedHere.incrementAndGet();
            dropped.increment();
        }

        void end() {
            context.runOnContext(v -> guarded(() -> {
                response.end();
                close();
            }));
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                streams.remove(this);
                open.decrementAndGet();
            }
        }
    }
}
