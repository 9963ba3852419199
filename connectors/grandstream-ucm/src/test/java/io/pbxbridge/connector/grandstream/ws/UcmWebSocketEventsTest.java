package io.pbxbridge.connector.grandstream.ws;

import io.pbxbridge.connector.grandstream.UcmConnector;
import io.pbxbridge.connector.grandstream.api.UcmTokens;
import io.pbxbridge.connector.grandstream.testing.Await;
import io.pbxbridge.connector.grandstream.testing.Frames;
import io.pbxbridge.connector.grandstream.testing.RecordingSink;
import io.pbxbridge.connector.grandstream.testing.ScriptedUcm;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.pbxbridge.connector.grandstream.testing.Frames.EXT;
import static io.pbxbridge.connector.grandstream.testing.Frames.LINKED;
import static io.pbxbridge.connector.grandstream.testing.Frames.TRUNK;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole connector session against the scripted UCM: /api session + /websockify events + resync. */
class UcmWebSocketEventsTest {
    private Vertx vertx;
    private ScriptedUcm ucm;
    private RecordingSink sink;
    private PbxSession session;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        ucm = new ScriptedUcm(vertx);
        Await.result(ucm.start());
        sink = new RecordingSink();
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            Await.result(session.stop());
        }
        Await.result(ucm.stop());
        Await.result(vertx.close());
    }

    private final TestPbx.States states = new TestPbx.States();

    private void start(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(Map.of("ws_username", ScriptedUcm.WEB_USER,
                "ws_password", ScriptedUcm.WEB_PASSWORD, "ws_heartbeat", "100ms"));
        options.putAll(extra);
        session = new UcmConnector().session(vertx, TestPbx.config(ucm.port(), ScriptedUcm.API_PASSWORD, options),
                TestPbx.context(sink, states));
        Await.result(session.start());
        assertThat(session.state()).isEqualTo(SessionState.UP);
    }

    @Test
    void subscribesWithTheWebUserAndKeepsTheSocketAliveWithHeartbeats() {
        start(Map.of());
        Await.until("subscribed", () -> ucm.openSockets() == 1);
        Await.until("two heartbeats", () -> ucm.wsCount("heartbeat") >= 2);

        JsonObject login = ucm.wsRequests.stream().filter(r -> "login".equals(r.getString("action"))).findFirst().orElseThrow();
        assertThat(login.getString("username")).isEqualTo("admin");
        assertThat(login.getString("token")).isEqualTo(UcmTokens.loginToken("0000000000000042", Secret.of(ScriptedUcm.WEB_PASSWORD)).reveal());
        JsonObject subscribe = ucm.wsRequests.stream().filter(r -> "subscribe".equals(r.getString("action"))).findFirst().orElseThrow();
        assertThat(subscribe.getJsonArray("eventnames")).containsExactly("ActiveCallStatus", "ExtensionStatus", "TrunkStatus", "PbxStatus");
        assertThat(ucm.count("listBridgedChannels")).isEqualTo(1);
        assertThat(ucm.count("listUnBridgedChannels")).isEqualTo(1);
        assertThat(ucm.count("listAccount")).isEqualTo(1);
    }

    @Test
    void liveFramesBecomeOneLifecycleAndReconnectResyncsWithoutDuplicatesOrGaps() {
        start(Map.of());
        Await.until("subscribed", () -> ucm.openSockets() == 1 && ucm.count("listAccount") == 1);

        ucm.push(Frames.notify("ActiveCallStatus", true, Frames.trunkRinging("add")));
        ucm.push(Frames.notify("ActiveCallStatus", false, Frames.trunkRinging("update"), Frames.extRinging(EXT, "1001", "add")));
        ucm.push(Frames.notify("ActiveCallStatus", true, Frames.extRinging(EXT, "1001", "update")));
        Await.until("ringing", () -> sink.lifecycle().size() == 2);

        // The socket drops; meanwhile the call is answered and a second call starts ringing.
        ucm.bridged = new JsonArray().add(Frames.bridge(TRUNK, EXT, "add"));
        ucm.unbridged = new JsonArray().add(new JsonObject().put("channel", "PJSIP/1005-00000009").put("state", "Ringing")
                .put("callernum", "1005").put("linkedid", "B"));
        ucm.dropWebSockets();
        Await.until("resynced once", () -> ucm.count("listBridgedChannels") == 2 && sink.lifecycle().size() == 4);

        // It drops again; the first call ends while disconnected, the second still rings.
        ucm.bridged = new JsonArray();
        ucm.dropWebSockets();
        Await.until("resynced twice", () -> ucm.count("listBridgedChannels") == 3 && sink.lifecycle().size() >= 5);
        // Live frames after the reconnect for the known ringing call repeat nothing.
        ucm.push(Frames.notify("ActiveCallStatus", true, new JsonObject().put("action", "update")
                .put("channel", "PJSIP/1005-00000009").put("state", "Ringing").put("linkedid", "B")));
        ucm.push(Frames.notify("ActiveCallStatus", true, Frames.delete("PJSIP/1005-00000009")));
        Await.until("second call ended", () -> sink.lifecycle().size() >= 6);

        assertThat(sink.lifecycle()).containsExactly(
                LINKED + ":INBOUND_REQUEST", LINKED + ":RINGING",
                "B:RINGING", LINKED + ":ANSWERED",
                LINKED + ":ENDED",
                "B:ENDED");
        List<CallEvent> events = sink.callEvents();
        assertThat(events.get(0).getParties().get(0).getLegRef()).isEqualTo(TRUNK);
        assertThat(events.get(0).getHeader().getPbxModel()).isEqualTo("UCM6304");
        assertThat(events.get(0).getHeader().getReportFormat()).isEqualTo("ucm-ws");
        assertThat(events.get(3).getHeader().getReportFormat()).isEqualTo("ucm-resync");
        assertThat(sink.records).extracting(r -> r.eventId()).doesNotHaveDuplicates();
    }

    @Test
    void notificationsArrivingDuringTheHandshakeAreKeptAndFollowTheResync() {
        ucm.framesDuringHandshake.add(Frames.notify("ExtensionStatus", false,
                new JsonObject().put("extension", "1001").put("status", "InUse")));
        ucm.accounts = new JsonArray().add(new JsonObject().put("extension", "1001").put("status", "Idle"));
        start(Map.of());

        Await.until("two statuses", () -> sink.records.stream().filter(r -> r.value() instanceof ExtensionStatus).count() == 2);
        List<String> statuses = sink.records.stream().filter(r -> r.value() instanceof ExtensionStatus)
                .map(r -> ((ExtensionStatus) r.value()).getStatusRaw()).toList();
        assertThat(statuses).containsExactly("Idle", "InUse"); // snapshot first, then the newer frame
    }

    @Test
    void wrongWebPasswordStopsTheSocketAfterOneAttemptButNotTheApiSession() throws InterruptedException {
        start(Map.of("ws_password", "nope"));
        Await.until("auth failed event", () -> !sink.pbxEvents(PbxEventType.AUTH_FAILED).isEmpty());
        Thread.sleep(300);

        assertThat(ucm.wsCount("login")).isEqualTo(1);
        assertThat(sink.pbxEvents(PbxEventType.AUTH_FAILED).get(0).getReason()).contains("WebSocket").contains("-37")
                .doesNotContain("nope");
        assertThat(session.state()).isEqualTo(SessionState.UP);
    }

    @Test
    void anUnknownEventNameFailsTheSubscribeAndIsReported() {
        start(Map.of("ws_events", "ActiveCallStatus,NoSuchStatus", "ws_backoff_base", "1s", "ws_backoff_max", "2s"));
        Await.until("subscribe refused", () -> !sink.pbxEvents(PbxEventType.SESSION_DOWN).isEmpty());
        assertThat(sink.pbxEvents(PbxEventType.SESSION_DOWN).get(0).getReason()).contains("-9").contains("ws_events");
        assertThat(ucm.openSockets()).isZero();
    }

    @Test
    void aLockOutPausesTheEventChannelAndItResumesAfterTheWait() {
        start(Map.of("lockout_wait", "1ms"));
        Await.until("subscribed", () -> ucm.openSockets() == 1);
        ucm.expireCookies();
        ucm.loginOverride = new JsonObject().put("status", -68).put("remain_time", 0);

        io.pbxbridge.schema.Command command = io.pbxbridge.schema.Command.newBuilder().setCommandId("c").setPbxId("ucm-1")
                .setIssuedAt(java.time.Instant.now()).setAction(io.pbxbridge.schema.CommandAction.VENDOR)
                .setVendor(io.pbxbridge.schema.VendorAction.newBuilder().setAction("listAccount").build()).build();
        Await.result(session.execute(command));
        assertThat(session.state()).isEqualTo(SessionState.LOCKED_OUT);
        Await.until("socket closed while locked out", () -> ucm.openSockets() == 0);

        ucm.loginOverride = null;
        Await.until("up again", () -> session.state() == SessionState.UP);
        Await.until("re-subscribed", () -> ucm.openSockets() == 1 && ucm.wsLogins == 2);
        assertThat(sink.pbxEvents(PbxEventType.LOCKED_OUT)).hasSize(1);
        assertThat(sink.pbxEvents(PbxEventType.RELOGIN)).hasSize(1);
    }

    @Test
    void webPasswordMayComeFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("ws-password");
        java.nio.file.Files.writeString(file, ScriptedUcm.WEB_PASSWORD + "\n");
        Map<String, String> options = new HashMap<>(Map.of("ws_username", ScriptedUcm.WEB_USER, "ws_password_file", file.toString()));
        session = new UcmConnector().session(vertx, TestPbx.config(ucm.port(), ScriptedUcm.API_PASSWORD, options),
                TestPbx.context(sink, new TestPbx.States()));
        Await.result(session.start());
        Await.until("subscribed", () -> ucm.openSockets() == 1);
        assertThat(ucm.wsLogins).isEqualTo(1);
    }

    @Test
    void objectsWithoutNotificationsAreKeptRawAndEverythingElseIsDeadLetteredWithItsReason() {
        start(Map.of());
        Await.until("subscribed", () -> ucm.openSockets() == 1 && ucm.count("listAccount") == 1);
        List<String> bad = List.of("not json at all", "[1,2]", "\"a string\"", "42",
                notifyWithBody("ExtensionStatus", "\"text\""), notifyWithBody("ActiveCallStatus", "[1,2]"),
                notifyWithBody("ActiveCallStatus", "[]"), notifyWithBody("ExtensionStatus", "null"),
                notifyWithBody("ActiveCallStatus", "[{\"action\":\"delete\",\"channel\":\" \"}]"));
        ucm.push("{\"message\":{\"action\":\"somethingElse\"}}");
        bad.forEach(ucm::push);
        ucm.push(Frames.notify("ExtensionStatus", true, new JsonObject().put("extension", "1001").put("status", "Idle")));

        Await.until("every frame accounted for", () -> sink.records.stream()
                .anyMatch(r -> r.value() instanceof ExtensionStatus));
        assertThat(sink.pbxEvents(PbxEventType.UNMODELLED_REPORT)).extracting(e -> e.getHeader().getRawPayload())
                .containsExactly("{\"message\":{\"action\":\"somethingElse\"}}");
        List<DeadLetter> dead = sink.records.stream().filter(r -> r.topic() == BridgeTopic.DLQ)
                .map(r -> (DeadLetter) r.value()).toList();
        assertThat(dead).extracting(d -> new String(d.getRaw().array(), java.nio.charset.StandardCharsets.UTF_8))
                .containsExactlyElementsOf(bad);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.getSource()).isEqualTo(DeadLetterSource.WEBSOCKET);
            assertThat(d.getPbxId()).isEqualTo("ucm-1");
        });
        assertThat(dead).extracting(d -> d.getReason().toString()).satisfiesExactly(
                r -> assertThat(r).contains("not JSON"),
                r -> assertThat(r).contains("JSON array, not a JSON object"),
                r -> assertThat(r).contains("JSON string, not a JSON object"),
                r -> assertThat(r).contains("JSON number, not a JSON object"),
                r -> assertThat(r).contains("ExtensionStatus notify: eventbody is a JSON string"),
                r -> assertThat(r).contains("ActiveCallStatus notify: eventbody[0] is a JSON number"),
                r -> assertThat(r).contains("ActiveCallStatus notify: eventbody is an empty list"),
                r -> assertThat(r).contains("ExtensionStatus notify: eventbody is null"),
                r -> assertThat(r).contains("eventbody[0] names no channel"));
        // The bridge's report counters hear of each frame, and of which went to the dead-letter topic.
        assertThat(states.reports).hasSize(bad.size() + 2);
        assertThat(states.reports.stream().filter(d -> d).count()).isEqualTo(bad.size());
    }

    private static String notifyWithBody(String eventName, String body) {
        return "{\"message\":[{\"action\":\"notify\",\"eventname\":\"" + eventName + "\",\"eventbody\":" + body + "}]}";
    }

    @Test
    void identicalFramesAtDifferentTimesAreDistinctEvents() {
        start(Map.of());
        Await.until("subscribed", () -> ucm.openSockets() == 1 && ucm.count("listAccount") == 1);
        String busy = Frames.notify("ExtensionStatus", true, new JsonObject().put("extension", "1001").put("status", "InUse"));
        String idle = Frames.notify("ExtensionStatus", true, new JsonObject().put("extension", "1001").put("status", "Idle"));
        ucm.push(busy);
        ucm.push(idle);
        ucm.push(busy);
        Await.until("three statuses", () -> sink.records.stream().filter(r -> r.value() instanceof ExtensionStatus).count() == 3);
        assertThat(sink.records).extracting(r -> r.eventId()).doesNotHaveDuplicates();
    }
}
