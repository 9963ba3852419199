package io.pbxbridge.connector.spi.capture;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Plays inputs in order, the wanted ones only, each after the previous step completed and its recorded pause. */
class CapturePlaybackTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Reports at 0 s, 0.4 s and 0.8 s with an API answer between them. */
    private static CaptureReader capture() throws Exception {
        StringBuilder file = new StringBuilder(CaptureFormat.headerLine(new CaptureHeader(CaptureFormat.VERSION, "yeastar-s",
                "hq", "2.0.0", "UTC", Map.of(), T0, "1", "a"))).append('\n');
        for (int i = 0; i < 3; i++) {
            file.append(CaptureFormat.inputLine(new CapturedInput(CaptureKinds.REPORT, null, T0.plusMillis(400L * i),
                    ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)), false)).append('\n');
            file.append(CaptureFormat.inputLine(new CapturedInput(CaptureKinds.API, "heartbeat", T0.plusMillis(400L * i + 1),
                    "{}".getBytes(StandardCharsets.UTF_8)), false)).append('\n');
        }
        return new CaptureReader(new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static long play(double speed, List<String> played) throws Exception {
        long start = System.nanoTime();
        long count = new CapturePlayback(vertx, capture(), speed).start(in -> in.kind().equals(CaptureKinds.REPORT), in -> {
            played.add(new String(in.body(), StandardCharsets.UTF_8));
            return Future.succeededFuture();
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(count).isEqualTo(3);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void theRecordedPausesAreKeptAtTheGivenSpeed() throws Exception {
        List<String> played = new CopyOnWriteArrayList<>();
        long millis = play(2, played);
        assertThat(played).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
        // 0.8 s recorded at twice the pace: never earlier than 0.4 s.
        assertThat(millis).isGreaterThanOrEqualTo(390);
    }

    @Test
    void asFastAsPossiblePlaysInOrderWithoutThePauses() throws Exception {
        List<String> played = new CopyOnWriteArrayList<>();
        play(CapturePlayback.AS_FAST_AS_POSSIBLE, played);
        assertThat(played).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void aStepThatFailsStopsThePlayback() throws Exception {
        Future<Long> done = new CapturePlayback(vertx, capture(), CapturePlayback.AS_FAST_AS_POSSIBLE)
                .start(in -> true, in -> Future.failedFuture("receiver gone"));
        try {
            done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).hasMessageContaining("receiver gone");
            return;
        }
        throw new AssertionError("the playback should have failed");
    }
}
