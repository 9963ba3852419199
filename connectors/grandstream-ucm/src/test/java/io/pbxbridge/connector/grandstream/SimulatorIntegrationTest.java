package io.pbxbridge.connector.grandstream;

import io.pbxbridge.connector.grandstream.sim.CallScenario;
import io.pbxbridge.connector.grandstream.sim.SimCallSummary;
import io.pbxbridge.connector.grandstream.sim.UcmModel;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.grandstream.testing.Await;
import io.pbxbridge.connector.grandstream.testing.RecordingSink;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.spi.TlsSettings;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.VendorAction;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The connector against the UCM simulator (product code of this module) over loopback HTTP and WebSocket. */
class SimulatorIntegrationTest {
    private static final String API_PASSWORD = "s3cret-api";
    private static final String WEB_PASSWORD = "s3cret-web";

    @TempDir
    Path stateDir;
    private Vertx vertx;
    private UcmSimulator sim;
    private final RecordingSink sink = new RecordingSink();
    private PbxSession session;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            Await.result(session.stop());
        }
        if (sim != null) {
            Await.result(sim.stop());
        }
        Await.result(vertx.close());
    }

    private UcmSimulatorOptions simOptions() {
        return new UcmSimulatorOptions()
                .apiUser("cdrapi", Secret.of(API_PASSWORD))
                .webUser("admin", Secret.of(WEB_PASSWORD))
                .extensions(6, 1000)
                .trunkCount(2)
                .stepDelay(Duration.ofMillis(20))
                .talkTime(Duration.ofMillis(100))
                .randomSeed(7);
    }

    private void startSim(UcmSimulatorOptions options) {
        sim = Await.result(UcmSimulator.start(vertx, options));
    }

    private PbxSession startSession(String password, Map<String, String> extra) {
        return startSession(password, extra, null);
    }

    private PbxConfig lastConfig;

    private PbxSession startSession(String password, Map<String, String> extra, URI reportUrl) {
        Map<String, String> options = new HashMap<>();
        options.put("ws_username", "admin");
        options.put("ws_password", WEB_PASSWORD);
        options.put("backoff_base", "50ms");
        options.put("backoff_max", "200ms");
        options.put("request_timeout", "2s");
        options.put("cdr_enabled", "false");
        options.put("state_dir", stateDir.toString());
        options.putAll(extra);
        PbxConfig pbx = new PbxConfig("ucm-1", "grandstream-ucm", URI.create(sim.scheme() + "://127.0.0.1:" + sim.port()),
                "cdrapi", Secret.of(password), null, Secret.empty(), List.of(), TlsSettings.verifyingDefaults(),
                Duration.ofMinutes(4), ZoneOffset.UTC, UcmOptions.ALL.parse(options));
        lastConfig = pbx;
        session = new UcmConnector().session(vertx, pbx,
                new io.pbxbridge.connector.spi.SessionContext(sink, new TestPbx.States(), TestPbx.BRIDGE, reportUrl));
        Await.result(session.start());
        return session;
    }

    private void awaitSubscribed() {
        Await.until("WebSocket subscribed and resynced", () -> sim.webSocketSessions() == 1
                && sim.requestsFor("listAccount").size() >= 1);
    }

    /** The call-level steps of a call (UPDATED, a later leg answering, is checked on its own). */
    private List<CallEventType> lifecycle(String callId) {
        return events(callId).stream().map(CallEvent::getType).filter(t -> t != CallEventType.UPDATED).toList();
    }

    private List<CallEvent> events(String callId) {
        return sink.callEvents().stream().filter(e -> e.getCallId().equals(callId)).toList();
    }

    private CallEvent answered(String callId) {
        return events(callId).stream().filter(e -> e.getType() == CallEventType.ANSWERED).findFirst().orElseThrow();
    }

    private static Party party(CallEvent event, java.util.function.Predicate<Party> which) {
        return event.getParties().stream().filter(which).findFirst().orElseThrow();
    }

    private boolean ended(String callId) {
        return lifecycle(callId).contains(CallEventType.ENDED);
    }

    @Test
    void fcm630aModelCookieInvalidationAndOneRetry() {
        startSim(simOptions().model(UcmModel.FCM630A));
        startSession(API_PASSWORD, Map.of("ws_username", ""));
        assertThat(session.state()).isEqualTo(SessionState.UP);
        assertThat(((io.pbxbridge.connector.grandstream.session.UcmSession) session).model()).isEqualTo("FCM630A");

        sim.invalidateCookies();
        CommandOutcome outcome = Await.result(session.execute(vendor("listAccount", "{\"page\":1,\"item_num\":3}")));

        assertThat(outcome.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(outcome.responseJson()).contains("\"account\"");
        assertThat(sim.requestsFor("login")).hasSize(2);
        assertThat(sink.pbxEvents(PbxEventType.RELOGIN)).hasSize(1);
    }

    @Test
    void wrongPasswordSpendsOneAttemptOnly() throws InterruptedException {
        startSim(simOptions());
        startSession("not-the-password", Map.of());
        Thread.sleep(300);
        assertThat(session.state()).isEqualTo(SessionState.AUTH_FAILED);
        assertThat(sim.requestsFor("login")).hasSize(1);
        assertThat(sink.pbxEvents(PbxEventType.AUTH_FAILED).get(0).getReason()).contains("-37");
    }

    @Test
    void simulatedCallsProduceCompleteLifecycles() {
        startSim(simOptions()); // Call Control off on this PBX, so the connector's call_control mirrors it
        startSession(API_PASSWORD, Map.of("call_control", "false"));
        awaitSubscribed();

        Map<CallScenario, List<CallEventType>> expected = Map.of(
                CallScenario.INTERNAL, List.of(CallEventType.RINGING, CallEventType.ANSWERED, CallEventType.ENDED),
                CallScenario.OUTBOUND, List.of(CallEventType.RINGING, CallEventType.ANSWERED, CallEventType.ENDED),
                CallScenario.INBOUND, List.of(CallEventType.RINGING, CallEventType.ANSWERED, CallEventType.ENDED),
                CallScenario.FAILED, List.of(CallEventType.RINGING, CallEventType.ENDED),
                CallScenario.TRANSFERRED, List.of(CallEventType.RINGING, CallEventType.ANSWERED, CallEventType.TRANSFERRED,
                        CallEventType.ENDED));
        Map<CallScenario, String> linkedids = new HashMap<>();
        for (CallScenario scenario : List.of(CallScenario.INTERNAL, CallScenario.OUTBOUND, CallScenario.INBOUND,
                CallScenario.FAILED, CallScenario.TRANSFERRED)) {
            SimCallSummary call = Await.result(sim.runScenario(scenario));
            Await.until(scenario + " ended", () -> ended(call.linkedid()));
            assertThat(lifecycle(call.linkedid())).as(scenario.name()).containsExactlyElementsOf(expected.get(scenario));
            linkedids.put(scenario, call.linkedid());
            // One ANSWERED per call; the other leg answering is an UPDATED naming that leg alone.
            List<CallEvent> updated = events(call.linkedid()).stream().filter(e -> e.getType() == CallEventType.UPDATED).toList();
            assertThat(updated).as(scenario.name()).hasSize(scenario == CallScenario.FAILED ? 0
                    : scenario == CallScenario.TRANSFERRED ? 2 : 1);
            assertThat(updated).allSatisfy(u -> assertThat(u.getParties()).singleElement()
                    .satisfies(p -> assertThat(p.getState()).isEqualTo(LegState.ANSWERED)));
            assertThat(events(call.linkedid())).as(scenario.name()).allSatisfy(e -> {
                assertThat(e.getHeader().getIngress()).isEqualTo(IngressChannel.WEBSOCKET);
                assertThat(e.getParties()).allSatisfy(p -> assertThat(p.getNumber()).isNotEqualTo("s"));
                if (e.getType() != CallEventType.ENDED) {
                    assertThat(e.getHeader().getOccurredAt()).as("occurred_at of %s", e.getType())
                            .isBetween(Instant.now().minusSeconds(60), Instant.now());
                }
            });
        }
        // Roles: the calling extension, the inbound trunk leg call; the outbound trunk leg is called.
        CallEvent internal = events(linkedids.get(CallScenario.INTERNAL)).get(0);
        assertThat(party(internal, p -> p.getRole() == PartyRole.CALLER).getKind()).isEqualTo(PartyKind.EXTENSION);
        CallEvent inbound = answered(linkedids.get(CallScenario.INBOUND));
        assertThat(party(inbound, p -> p.getKind() == PartyKind.EXTERNAL).getRole()).isEqualTo(PartyRole.CALLER);
        assertThat(party(inbound, p -> p.getKind() == PartyKind.EXTENSION).getRole()).isEqualTo(PartyRole.CALLEE);
        CallEvent outbound = answered(linkedids.get(CallScenario.OUTBOUND));
        assertThat(party(outbound, p -> p.getKind() == PartyKind.EXTERNAL).getRole()).isEqualTo(PartyRole.CALLEE);
        assertThat(party(outbound, p -> p.getKind() == PartyKind.EXTENSION).getRole()).isEqualTo(PartyRole.CALLER);
        assertThat(sink.records).extracting(NormalizedRecord::eventId).doesNotHaveDuplicates();
        CallEvent any = sink.callEvents().get(0);
        assertThat(any.getHeader().getPbxModel()).isEqualTo("UCM6304");
        assertThat(any.getParties()).allMatch(p -> p.getLegRef() != null && p.getLegRef().startsWith("PJSIP/"));
    }

    @Test
    void inboundRequestIsAcceptedWithItsLegRef() {
        startSim(simOptions().callControl(true).callControlWindow(Duration.ofSeconds(8)));
        startSession(API_PASSWORD, Map.of());
        awaitSubscribed();

        var running = sim.runScenario(CallScenario.INBOUND, "0612345678", "1001");
        Await.until("inbound request", () -> sink.count(CallEventType.INBOUND_REQUEST) == 1);
        CallEvent request = sink.callEvents().stream().filter(e -> e.getType() == CallEventType.INBOUND_REQUEST)
                .findFirst().orElseThrow();
        String channel = request.getParties().get(0).getLegRef();
        assertThat(channel).startsWith("PJSIP/trunk_");

        CommandOutcome accepted = Await.result(session.execute(vendor("acceptCall", "{\"channel\":\"" + channel + "\"}")));
        assertThat(accepted.status()).isEqualTo(CommandStatus.SUCCEEDED);
        SimCallSummary call = Await.result(running);
        Await.until("ended", () -> ended(call.linkedid()));

        assertThat(request.getCallId()).isEqualTo(call.linkedid());
        assertThat(lifecycle(call.linkedid())).containsExactly(CallEventType.INBOUND_REQUEST, CallEventType.RINGING,
                CallEventType.ANSWERED, CallEventType.ENDED);
    }

    @Test
    void webSocketDropDuringCallsNeitherDuplicatesNorLosesLifecycleEvents() {
        startSim(simOptions().talkTime(Duration.ofMillis(1500)));
        startSession(API_PASSWORD, Map.of("ws_backoff_base", "500ms", "ws_backoff_max", "500ms"));
        awaitSubscribed();

        var first = sim.runScenario(CallScenario.INTERNAL, "1001", "1002");
        Await.until("first call answered", () -> sink.count(CallEventType.ANSWERED) == 1);
        Await.result(sim.dropWebSockets());
        // Starts, rings and is answered while no socket is connected.
        var second = sim.runScenario(CallScenario.INTERNAL, "1003", "1004");

        SimCallSummary a = Await.result(first);
        SimCallSummary b = Await.result(second);
        Await.until("both ended", () -> ended(a.linkedid()) && ended(b.linkedid()));

        assertThat(lifecycle(a.linkedid())).containsExactly(CallEventType.RINGING, CallEventType.ANSWERED, CallEventType.ENDED);
        assertThat(lifecycle(b.linkedid())).containsExactly(CallEventType.RINGING, CallEventType.ANSWERED, CallEventType.ENDED);
        assertThat(sim.requestsFor("listBridgedChannels")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(sink.records).extracting(NormalizedRecord::eventId).doesNotHaveDuplicates();
    }

    @Test
    void rebootMidCallEndsTheCallOnceAndTheSessionRecovers() {
        startSim(simOptions().talkTime(Duration.ofSeconds(30)));
        startSession(API_PASSWORD, Map.of("ws_backoff_base", "200ms", "ws_backoff_max", "400ms"));
        awaitSubscribed();

        var running = sim.runScenario(CallScenario.INTERNAL, "1001", "1002");
        Await.until("answered", () -> sink.count(CallEventType.ANSWERED) == 1);
        String callId = sink.callEvents().get(0).getCallId();
        Await.result(sim.reboot()); // cookies gone, sockets dropped, live calls cut without frames
        SimCallSummary call = Await.result(running);

        Await.until("ended via resync", () -> ended(callId));
        assertThat(call.linkedid()).isEqualTo(callId);
        assertThat(lifecycle(callId)).containsExactly(CallEventType.RINGING, CallEventType.ANSWERED, CallEventType.ENDED);
        Await.until("re-logged in", () -> !sink.pbxEvents(PbxEventType.RELOGIN).isEmpty());
        assertThat(session.state()).isEqualTo(SessionState.UP);
    }

    @Test
    void cdrPollingAcrossARestartNeitherLosesNorRepeats() {
        startSim(simOptions().talkTime(Duration.ofMillis(10)));
        Map<String, String> cdr = Map.of("cdr_enabled", "true", "cdr_poll_interval", "100ms", "cdr_page_size", "2",
                "ws_username", "");
        startSession(API_PASSWORD, cdr);
        for (int i = 0; i < 3; i++) {
            Await.result(sim.runScenario(CallScenario.INTERNAL));
        }
        Await.until("three CDRs", () -> cdrIds().size() == 3);
        Await.result(session.stop());
        session = null;

        for (int i = 0; i < 2; i++) {
            Await.result(sim.runScenario(CallScenario.OUTBOUND));
        }
        startSession(API_PASSWORD, cdr);
        Await.until("five CDRs", () -> cdrIds().size() >= 5);
        int polls = sim.requestsFor("cdrapi").size();
        Await.until("more polls", () -> sim.requestsFor("cdrapi").size() >= polls + 4);

        assertThat(cdrIds()).containsExactly("1", "2", "3", "4", "5");
        CallRecord last = (CallRecord) sink.records.stream().filter(r -> r.value() instanceof CallRecord)
                .reduce((x, y) -> y).orElseThrow().value();
        assertThat(last.getCaller()).isNotBlank();
        assertThat(last.getDirection()).isEqualTo(io.pbxbridge.schema.CallDirection.OUTBOUND);
        assertThat(last.getStartedAt()).isBefore(Instant.now().plusSeconds(1));
    }

    private List<String> cdrIds() {
        return sink.records.stream().filter(r -> r.value() instanceof CallRecord).map(r -> ((CallRecord) r.value()).getCdrId()).toList();
    }

    private static Command vendor(String action, String params) {
        return Command.newBuilder().setCommandId("c-" + action).setPbxId("ucm-1").setIssuedAt(Instant.now())
                .setAction(CommandAction.VENDOR)
                .setVendor(VendorAction.newBuilder().setAction(action).setParametersJson(params).build())
                .build();
    }

    @Test
    void loginUrlPushesAreNormalizedByTheReportNormalizer() throws Exception {
        startSim(simOptions());
        List<io.vertx.core.buffer.Buffer> pushed = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.vertx.core.http.HttpServer ingress = Await.result(vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(b -> {
                    pushed.add(b);
                    req.response().end();
                })).listen(0, "127.0.0.1"));
        startSession(API_PASSWORD, Map.of("ws_username", ""),
                URI.create("http://127.0.0.1:" + ingress.actualPort() + "/reports/ucm-1/0123456789abcdef"));

        SimCallSummary call = Await.result(sim.runScenario(CallScenario.INTERNAL, "1001", "1002"));
        UcmReportNormalizer normalizer = new UcmReportNormalizer(lastConfig, TestPbx.BRIDGE);
        Await.until("pushed call frames", () -> pushed.stream().anyMatch(b -> b.toString().contains("\"delete\"")));
        List<CallEvent> events = new java.util.ArrayList<>();
        for (io.vertx.core.buffer.Buffer body : pushed) {
            for (NormalizedRecord r : normalizer.normalize(new io.pbxbridge.connector.spi.RawReport("ucm-1", body.getBytes(),
                    Instant.now(), io.pbxbridge.schema.IngressChannel.HTTP_REPORT))) {
                if (r.value() instanceof CallEvent e) {
                    events.add(e);
                }
            }
        }
        assertThat(events).extracting(CallEvent::getType).contains(CallEventType.RINGING, CallEventType.ANSWERED);
        assertThat(events).filteredOn(e -> e.getType() == CallEventType.RINGING).extracting(CallEvent::getCallId)
                .contains(call.linkedid());
        Await.result(ingress.close());
    }
}
