package io.pbxbridge.connector.grandstream.sim;

import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.CaptureLine;
import io.pbxbridge.connector.spi.capture.CapturePlayback;
import io.pbxbridge.connector.spi.capture.CaptureReader;
import io.pbxbridge.connector.spi.capture.CapturedInput;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Plays a capture a bridge recorded from a UCM ({@code record_to}) to whatever bridge logs into this
 * simulator, as that UCM would: after a normal login, the recorded {@code getSystemGeneralStatus} answer
 * (the model), the recorded listings at the WebSocket resync, the recorded notification messages byte for
 * byte to the subscribed WebSocket, the recorded login-{@code url} pushes to the push target, and the
 * recorded CDR rows through {@code cdrapi} from the time they were first polled. A later resync in the
 * capture (the recorded WebSocket reconnected) closes the WebSocket, so the bridge reconnects and gets that
 * snapshot. Frames wait until a WebSocket is subscribed. {@link #prepare} before the bridge logs in (the
 * recorded model is answered at login), then {@link #play}.
 */
public final class UcmReplay {
    /** The Grandstream connector's capture kinds ({@code UcmCapture}): the capture format is the contract. */
    static final String RESYNC = "ucm.resync";
    static final String CDR_POLL = "ucm.cdr-poll";
    private static final Logger LOG = LoggerFactory.getLogger(UcmReplay.class);
    private static final long WAIT_STEP_MS = 50;

    private final Vertx vertx;
    private final UcmSimulator sim;
    private final Path capture;
    private JsonObject snapshot = new JsonObject();
    private final TreeMap<Long, JsonObject> cdrs = new TreeMap<>();
    private boolean firstResyncSeen;

    private UcmReplay(Vertx vertx, UcmSimulator sim, Path capture) {
        this.vertx = vertx;
        this.sim = sim;
        this.capture = capture;
    }

    /**
     * Reads what the bridge asks at login from {@code capture} and answers it from now on; call before the
     * bridge logs in, then {@link #play}.
     */
    public static Future<UcmReplay> prepare(Vertx vertx, UcmSimulator sim, Path capture) {
        UcmReplay replay = new UcmReplay(vertx, sim, capture);
        return vertx.executeBlocking(replay::scan, false).compose(statusAnswer -> {
            Promise<UcmReplay> ready = Promise.promise();
            sim.context().runOnContext(v -> {
                replay.install(statusAnswer);
                ready.complete(replay);
            });
            return ready.future();
        });
    }

    /**
     * Plays the capture (speed 1 = as recorded; {@link CapturePlayback#AS_FAST_AS_POSSIBLE}) once a bridge's
     * WebSocket is subscribed; completes with the number of inputs played.
     */
    public Future<Long> play(double speed) {
        Promise<Long> played = Promise.promise();
        sim.context().runOnContext(v -> await(() -> sim.subscribedWebSockets() > 0).compose(x -> {
            CaptureReader reader;
            try {
                reader = CaptureReader.open(capture);
            } catch (IOException e) {
                return Future.failedFuture(e);
            }
            LOG.info("replaying {} (recorded from PBX {})", capture, reader.header().pbxId());
            return new CapturePlayback(vertx, reader, speed).start(UcmReplay::played, this::play);
        }).onComplete(played));
        return played.future();
    }

    private static boolean played(CapturedInput in) {
        return switch (in.kind()) {
            case CaptureKinds.WS, CaptureKinds.REPORT, RESYNC, CDR_POLL -> true;
            default -> false;
        };
    }

    /** The first recorded getSystemGeneralStatus answer and resync snapshot: what the bridge asks at login. */
    private String scan() throws IOException {
        String statusAnswer = null;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            if (!"grandstream-ucm".equals(reader.header().vendor())) {
                throw new IOException(capture + " was recorded from a " + reader.header().vendor() + " PBX, not a UCM");
            }
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line instanceof CaptureLine.Input in) {
                    CapturedInput input = in.input();
                    if (statusAnswer == null && CaptureKinds.API.equals(input.kind())
                            && "getSystemGeneralStatus".equals(input.detail())) {
                        statusAnswer = text(input);
                    } else if (RESYNC.equals(input.kind()) && snapshot.isEmpty()) {
                        snapshot = new JsonObject(text(input));
                    }
                    if (statusAnswer != null && !snapshot.isEmpty()) {
                        break;
                    }
                }
            }
        }
        return statusAnswer;
    }

    private void install(String statusAnswer) {
        if (statusAnswer != null) {
            sim.overrideAction("getSystemGeneralStatus", p -> ApiReply.raw(statusAnswer, "application/json;charset=UTF-8"));
        }
        sim.overrideAction("listBridgedChannels", p -> ApiReply.of(Paging.page(p, rows("listBridgedChannels"), "channel",
                new JsonObject())));
        sim.overrideAction("listUnBridgedChannels", p -> ApiReply.of(Paging.page(p, rows("listUnBridgedChannels"),
                "channel", new JsonObject())));
        sim.overrideAction("listAccount", p -> ApiReply.of(Paging.page(p, rows("listAccount"), "account", new JsonObject())));
        sim.overrideAction("cdrapi", p -> {
            List<JsonObject> all = new ArrayList<>(cdrs.values());
            int offset = p.optionalInt("offset", 0, Integer.MAX_VALUE) == null ? 0 : p.optionalInt("offset", 0, Integer.MAX_VALUE);
            Integer num = p.optionalInt("numRecords", 1, 1000);
            int from = Math.min(all.size(), offset);
            int to = num == null ? all.size() : Math.min(all.size(), from + num);
            return ApiReply.raw(new JsonObject().put("cdr_root", new JsonArray(new ArrayList<Object>(all.subList(from, to))))
                    .encode(), "application/json;charset=UTF-8");
        });
    }

    private List<JsonObject> rows(String listing) {
        List<JsonObject> rows = new ArrayList<>();
        for (Object o : snapshot.getJsonArray(listing, new JsonArray())) {
            if (o instanceof JsonObject row) {
                rows.add(row);
            }
        }
        return rows;
    }

    private Future<?> play(CapturedInput in) {
        switch (in.kind()) {
            case CaptureKinds.WS -> {
                return await(() -> sim.subscribedWebSockets() > 0).onSuccess(v -> sim.sendRecordedFrame(text(in)));
            }
            case CaptureKinds.REPORT -> {
                sim.pushRecordedReport(text(in));
                return Future.succeededFuture();
            }
            case RESYNC -> {
                if (!firstResyncSeen) {
                    firstResyncSeen = true; // served when the bridge connected
                    return Future.succeededFuture();
                }
                snapshot = new JsonObject(text(in));
                return sim.dropWebSockets().compose(v -> await(() -> sim.subscribedWebSockets() > 0));
            }
            case CDR_POLL -> {
                for (Object o : new JsonObject(text(in)).getJsonArray("rows", new JsonArray())) {
                    if (o instanceof JsonObject row && acctId(row) != null) {
                        cdrs.put(acctId(row), row);
                    }
                }
                return Future.succeededFuture();
            }
            default -> {
                return Future.succeededFuture();
            }
        }
    }

    /** Completes on the simulator's context once {@code condition} holds (checked every 50 ms). */
    private Future<Void> await(BooleanSupplier condition) {
        Promise<Void> ready = Promise.promise();
        check(condition, ready);
        return ready.future();
    }

    private void check(BooleanSupplier condition, Promise<Void> ready) {
        if (condition.getAsBoolean()) {
            ready.complete();
        } else {
            vertx.setTimer(WAIT_STEP_MS, id -> check(condition, ready));
        }
    }

    private static Long acctId(JsonObject row) {
        Object main = row.getValue("main_cdr");
        Object v = (main instanceof JsonObject m ? m : row).getValue("AcctId");
        try {
            return v == null ? null : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(CapturedInput in) {
        return new String(in.body(), StandardCharsets.UTF_8);
    }

}
