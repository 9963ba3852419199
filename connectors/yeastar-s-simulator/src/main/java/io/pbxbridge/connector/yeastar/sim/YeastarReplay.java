package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.CapturePlayback;
import io.pbxbridge.connector.spi.capture.CaptureReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Plays a capture a bridge recorded from a Yeastar PBX ({@code record_to}) to whatever bridge logs into this
 * simulator, as that PBX would: once the bridge has logged in and named its report URL, every recorded
 * report body is POSTed there byte for byte, in order, at the recorded pace (or faster), each re-sent until
 * the bridge answers 200. The rest of the API (login, heartbeat, commands) is the simulator's own.
 */
public final class YeastarReplay {
    private static final Logger LOG = LoggerFactory.getLogger(YeastarReplay.class);
    private static final long WAIT_STEP_MS = 50;

    private YeastarReplay() {
    }

    /** Starts once a client is logged in; completes with the number of reports played. */
    public static Future<Long> start(Vertx vertx, YeastarSimulator sim, Path capture, double speed) {
        Promise<Long> played = Promise.promise();
        sim.onContext(() -> loggedIn(vertx, sim).compose(v -> {
            CaptureReader reader;
            try {
                reader = CaptureReader.open(capture);
            } catch (IOException e) {
                return Future.failedFuture(e);
            }
            if (!"yeastar-s".equals(reader.header().vendor())) {
                return Future.failedFuture(capture + " was recorded from a " + reader.header().vendor()
                        + " PBX, not a Yeastar");
            }
            LOG.info("replaying {} (recorded from PBX {})", capture, reader.header().pbxId());
            return new CapturePlayback(vertx, reader, speed).start(in -> CaptureKinds.REPORT.equals(in.kind()),
                    in -> sim.pushRecordedReport(new String(in.body(), StandardCharsets.UTF_8))
                            .recover(e -> {
                                LOG.warn("recorded report not delivered: {}", e.getMessage());
                                return Future.succeededFuture();
                            }));
        }).onComplete(played));
        return played.future();
    }

    /** The API version the capture's PBX was configured with, or null. */
    public static String apiVersionOf(Path capture) throws IOException {
        try (CaptureReader reader = CaptureReader.open(capture)) {
            return reader.header().apiVersion();
        }
    }

    private static Future<Void> loggedIn(Vertx vertx, YeastarSimulator sim) {
        Promise<Void> ready = Promise.promise();
        poll(vertx, sim, ready);
        return ready.future();
    }

    private static void poll(Vertx vertx, YeastarSimulator sim, Promise<Void> ready) {
        sim.hasReportTarget().onComplete(ar -> {
            if (ar.succeeded() && ar.result()) {
                ready.complete();
            } else {
                vertx.setTimer(WAIT_STEP_MS, id -> poll(vertx, sim, ready));
            }
        });
    }
}
