package io.pbxbridge.bridge.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.pbxbridge.bridge.testkit.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** The event streams over real sockets: the cap on open streams, and a browser that does not read. */
class EventStreamsTest {
    private static final int MAX = 3;
    private Vertx vertx;
    private SimpleMeterRegistry registry;
    private EventStreams streams;
    private HttpServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        streams = new EventStreams(vertx, registry, MAX);
        streams.start();
        Router router = Router.router(vertx);
        router.get("/events").handler(ctx -> streams.open(ctx, List.of(line(1), line(2))));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        streams.closeAll();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static StatusFeed.LiveLine line(long seq) {
        return new StatusFeed.LiveLine(seq, Instant.now(), "hq", "call", "line " + seq + " " + "x".repeat(1000), false);
    }

    private Socket connect(int receiveBuffer) throws Exception {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", server.actualPort()), 5000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        sockets.add(s);
        return s;
    }

    private static BufferedReader reader(Socket s) throws Exception {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads until a line containing {@code text}; returns the lines read. */
    private static List<String> readUntil(BufferedReader in, String text) throws Exception {
        List<String> lines = new ArrayList<>();
        String l;
        while ((l = in.readLine()) != null) {
            lines.add(l);
            if (l.contains(text)) {
                return lines;
            }
        }
        throw new AssertionError("stream ended before " + text + ": " + lines);
    }

    @Test
    void sendsTheBacklogThenEveryNewLineAsServerSentEvents() throws Exception {
        BufferedReader in = reader(connect(0));
        List<String> head = readUntil(in, "\"seq\":2");
        assertThat(head.get(0)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(head).anyMatch(h -> h.equalsIgnoreCase("content-type: text/event-stream; charset=utf-8"))
                .contains("retry: 3000", "id: 1", "event: line", "id: 2");
        until("stream open", () -> streams.openStreams() == 1);
        streams.publish(line(3));
        assertThat(readUntil(in, "\"seq\":3")).contains("id: 3");
    }

    @Test
    void refusesStreamsBeyondTheCapAndFreesASlotWhenOneCloses() throws Exception {
        List<BufferedReader> open = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            BufferedReader in = reader(connect(0));
            readUntil(in, "\"seq\":2");
            open.add(in);
        }
        BufferedReader refused = reader(connect(0));
        assertThat(refused.readLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
        assertThat(registry.get("pbx_status_streams_refused").counter().count()).isEqualTo(1);
        assertThat(registry.get("pbx_status_streams").gauge().value()).isEqualTo(MAX);

        sockets.get(0).close();
        until("slot freed", () -> streams.openStreams() == MAX - 1);
        readUntil(reader(connect(0)), "\"seq\":2");
        assertThat(streams.openStreams()).isEqualTo(MAX);
    }

    @Test
    void aBrowserThatDoesNotReadLosesLinesInsteadOfGrowingMemoryAndIsToldOfTheGap() throws Exception {
        Socket stalled = connect(4096); // reads the backlog, then nothing for a while
        BufferedReader slow = reader(stalled);
        readUntil(slow, "\"seq\":2");
        BufferedReader healthy = reader(connect(0));
        readUntil(healthy, "\"seq\":2");
        until("both streams open", () -> streams.openStreams() == 2);
        AtomicLong healthyLast = new AtomicLong(2);
        AtomicLong healthyGaps = new AtomicLong();
        Thread drain = new Thread(() -> {
            try {
                for (String l; (l = healthy.readLine()) != null; ) {
                    if (l.startsWith("id: ")) {
                        healthyLast.set(Long.parseLong(l.substring(4)));
                    } else if (l.equals("event: gap")) {
                        healthyGaps.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                // the socket is closed at the end of the test
            }
        }, "healthy-browser");
        drain.setDaemon(true);
        drain.start();

        // Publish in batches the reading browser keeps up with, until the stalled one's socket buffers
        // and bounded write queue are full and its lines are dropped; then a good while longer.
        long seq = 2;
        long droppedAt = -1;
        while (seq < 200_000 && (droppedAt < 0 || seq < droppedAt + 2_000)) {
            for (int i = 0; i < 50; i++) {
                streams.publish(line(++seq));
            }
            long batchEnd = seq;
            until("the reading browser got line " + batchEnd, () -> healthyLast.get() == batchEnd);
            if (droppedAt < 0 && streams.droppedLines() > 0) {
                droppedAt = seq;
            }
        }
        assertThat(droppedAt).as("lines dropped for the stalled browser").isPositive();
        assertThat(streams.droppedLines()).as("every line after the buffers filled was dropped, not queued")
                .isGreaterThanOrEqualTo(seq - droppedAt);
        assertThat(healthyGaps.get()).as("the reading browser lost nothing").isZero();
        System.out.printf("stalled browser: first drop after %d lines (%d KiB), %d dropped in all%n", droppedAt,
                droppedAt * line(1).text().length() / 1024, (long) streams.droppedLines());

        // The stalled browser catches up: it is told how many lines it missed, then gets new ones.
        Thread consumer = new Thread(() -> {
            try {
                readUntil(slow, "event: gap");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        consumer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.isAlive() && System.nanoTime() < deadline) {
            streams.publish(line(++seq));
            Thread.sleep(20);
        }
        assertThat(consumer.isAlive()).as("gap announced to the stalled browser").isFalse();
        assertThat(streams.openStreams()).isEqualTo(2);
    }
}
