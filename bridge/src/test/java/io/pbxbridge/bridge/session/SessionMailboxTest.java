package io.pbxbridge.bridge.session;

import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records reach a running session on its own context, in order, in one hand-over per burst. */
class SessionMailboxTest {
    private Vertx vertx;
    private RecordingSession session;
    private SessionSupervisor supervisor;
    private Context context;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        session = new RecordingSession();
        supervisor = new SessionSupervisor(vertx, id -> session);
        supervisor.start("pbx-1").await(10, TimeUnit.SECONDS);
        context = supervisor.context("pbx-1").orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aBurstPostedWhileTheSessionIsBusyArrivesInOneHandOverInOrder() throws Exception {
        CountDownLatch release = occupyContext(() -> { });
        for (int i = 0; i < 100; i++) {
            supervisor.observe("pbx-1", List.of(record("r" + i)));
        }
        release.countDown();

        List<List<String>> handOvers = session.awaitRecords(100);
        assertEquals(1, handOvers.size(), "one task carries the whole burst: " + handOvers.size() + " hand-overs");
        assertEquals(keys(0, 100), handOvers.get(0));
        assertTrue(session.allOnItsContext, "observe ran on the session's context");
    }

    @Test
    void everyRecordFromManyThreadsArrivesOnceAndEachThreadsInItsOrder() throws Exception {
        int threads = 4;
        int each = 5_000;
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            Thread poster = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    supervisor.observe("pbx-1", List.of(record(prefix + i)));
                }
            });
            poster.start();
            posters.add(poster);
        }
        for (Thread poster : posters) {
            poster.join();
        }
        List<String> all = session.awaitRecords(threads * each).stream().flatMap(List::stream).toList();
        assertEquals(threads * each, all.size());
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            List<String> mine = all.stream().filter(k -> k.startsWith(prefix)).toList();
            assertEquals(IntStream.range(0, each).mapToObj(i -> prefix + i).toList(), mine);
        }
        assertTrue(session.allOnItsContext, "observe ran on the session's context");
    }

    @Test
    void aPostFromTheSessionsOwnContextComesAfterWhatOtherThreadsQueuedBeforeIt() throws Exception {
        // e.g. the follower on the session's loop, once released
        CountDownLatch release = occupyContext(() -> supervisor.observe("pbx-1", List.of(record("own"))));
        supervisor.observe("pbx-1", List.of(record("queued")));
        release.countDown();
        assertEquals(List.of("queued", "own"),
                session.awaitRecords(2).stream().flatMap(List::stream).toList());
    }

    private static List<String> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "r" + i).toList();
    }

    private static NormalizedRecord record(String key) {
        return new NormalizedRecord(BridgeTopic.CDR, key, null, "id-" + key, "io.pbxbridge.test", null);
    }

    /**
     * Keeps the session's context busy until the returned latch is counted down, then runs {@code then} on
     * it; returns once the context is busy, so whatever is posted meanwhile queues behind.
     */
    private CountDownLatch occupyContext(Runnable then) throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        context.runOnContext(v -> {
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            then.run();
        });
        assertTrue(busy.await(10, TimeUnit.SECONDS));
        return release;
    }

    /** A session that remembers each hand-over's record keys and whether it came on its context. */
    private static final class RecordingSession implements PbxSession {
        private final List<List<String>> handOvers = new CopyOnWriteArrayList<>();
        private volatile Context own;
        private volatile boolean allOnItsContext = true;

        @Override
        public String pbxId() {
            return "pbx-1";
        }

        @Override
        public Future<Void> start() {
            own = Vertx.currentContext();
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> stop() {
            return Future.succeededFuture();
        }

        @Override
        public SessionState state() {
            return SessionState.UP;
        }

        @Override
        public Future<CommandOutcome> execute(Command command) {
            return Future.succeededFuture(CommandOutcome.succeeded(null, "{}"));
        }

        @Override
        public void observe(List<NormalizedRecord> records) {
            if (Vertx.currentContext() != own) {
                allOnItsContext = false;
            }
            handOvers.add(records.stream().map(NormalizedRecord::key).toList());
        }

        List<List<String>> awaitRecords(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (handOvers.stream().mapToInt(List::size).sum() < count && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return List.copyOf(handOvers);
        }
    }
}
