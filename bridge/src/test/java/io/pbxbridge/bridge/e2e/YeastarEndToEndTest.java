package io.pbxbridge.bridge.e2e;

import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.Scenario;
import io.pbxbridge.connector.yeastar.sim.ScenarioResult;
import io.pbxbridge.connector.yeastar.sim.TrunkSpec;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulated Yeastar PBX ⇄ the whole bridge ⇄ a real Kafka broker, over real sockets: the bridge logs
 * in, the simulator pushes reports to the bridge's ingress, and the normalized records land on the
 * bridge topics.
 */
@WithKafka
class YeastarEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static final String PASSWORD = "pa55-word-e2e";
    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        Await.result(vertx.close());
    }

    static YeastarSimulator simulator(YeastarApiVersion version) {
        return simulatorOn(vertx, version);
    }

    static YeastarSimulator simulatorOn(Vertx vertx, YeastarApiVersion version) {
        return Await.result(YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0).apiVersion(version).username("api").password(PASSWORD)
                .extensions(6, 1000)
                .trunks(List.of(TrunkSpec.sip("sip-trunk")))
                .reportRetryInterval(Duration.ofMillis(200))
                .callStepDelay(Duration.ofMillis(5)).talkTime(Duration.ofMillis(20))
                .build()));
    }

    static BridgeHarness.Pbx pbx(String id, YeastarSimulator sim, String password, String keepAlive) {
        return new BridgeHarness.Pbx(id, "yeastar-s", sim.baseUrl(), "api", password,
                sim.options().apiVersion().wire(), keepAlive, Map.of("backoff_base", "200ms", "backoff_max", "1s"));
    }

    @ParameterizedTest
    @EnumSource(YeastarApiVersion.class)
    void scriptedCallsArriveOnTheRightTopicsWithTheRightKeys(YeastarApiVersion version, KafkaBroker kafka) throws Exception {
        YeastarSimulator sim = simulator(version);
        String pbxId = "pbx-" + version.wire().replace('.', '-');
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("yeastar"),
                List.of(pbx(pbxId, sim, PASSWORD, "5m")), "")) {
            List<ScenarioResult> calls = new ArrayList<>();
            for (Scenario scenario : List.of(Scenario.INTERNAL, Scenario.OUTBOUND, Scenario.INBOUND)) {
                calls.add(Await.result(sim.runScenario(scenario), WAIT));
            }
            Set<String> callIds = calls.stream().map(ScenarioResult::callId).collect(Collectors.toSet());

            List<CallRecord> cdrs = bridge.readUntil("cdr", CallRecord.class, WAIT, rs -> rs.size() >= calls.size());
            assertThat(cdrs).extracting(CallRecord::getCallId).containsExactlyInAnyOrderElementsOf(callIds);
            assertThat(cdrs).allSatisfy(cdr -> {
                assertThat(cdr.getHeader().getPbxId()).isEqualTo(pbxId);
                assertThat(cdr.getHeader().getVendor()).isEqualTo(Vendor.YEASTAR_S);
                assertThat(cdr.getHeader().getReportFormat()).isEqualTo("yeastar-" + version.wire());
                assertThat(cdr.getCallSeconds()).isNotNull();
            });

            List<ConsumedRecord> raw = kafka.consumer().readUntil(bridge.prefix + "call-events", WAIT,
                    rs -> BridgeHarness.decodeAll(rs, CallEvent.class).stream()
                            .filter(e -> e.getType() == CallEventType.ENDED).map(CallEvent::getCallId)
                            .collect(Collectors.toSet()).containsAll(callIds));
            for (ConsumedRecord r : raw) {
                CallEvent event = BridgeHarness.CODEC.decode(r.topic(), r.value(), CallEvent.class);
                assertThat(r.key()).isEqualTo(pbxId + "/" + event.getCallId());
                assertThat(r.header(CloudEventHeaders.ID)).isEqualTo(event.getHeader().getEventId());
                assertThat(r.header(CloudEventHeaders.SOURCE)).isEqualTo("/pbx/" + pbxId);
                assertThat(r.header(CloudEventHeaders.TYPE)).startsWith("io.pbxbridge.call.");
            }
            Map<String, Set<CallEventType>> typesByCall = BridgeHarness.decodeAll(raw, CallEvent.class).stream()
                    .collect(Collectors.groupingBy(CallEvent::getCallId,
                            Collectors.mapping(CallEvent::getType, Collectors.toSet())));
            for (String callId : callIds) {
                assertThat(typesByCall.get(callId)).as("events of call %s", callId)
                        .contains(CallEventType.ANSWERED, CallEventType.ENDED);
            }
            String inboundCall = calls.get(2).callId();
            CallEvent inboundAnswered = BridgeHarness.decodeAll(raw, CallEvent.class).stream()
                    .filter(e -> e.getCallId().equals(inboundCall) && e.getType() == CallEventType.ANSWERED)
                    .findFirst().orElseThrow();
            assertThat(inboundAnswered.getParties()).anySatisfy(p -> assertThat(p.getTrunk()).isEqualTo("sip-trunk"));

            List<PbxEvent> system = bridge.readUntil("system", PbxEvent.class, WAIT,
                    rs -> rs.stream().anyMatch(e -> e.getType() == PbxEventType.SESSION_UP));
            assertThat(system).anySatisfy(e -> assertThat(e.getHeader().getPbxId()).isEqualTo(pbxId));
        } finally {
            Await.result(sim.stop());
        }
    }

    @Test
    void tokenExpiryAndRebootLeadToNewLoginsWithoutLosingReports(KafkaBroker kafka) throws Exception {
        YeastarSimulator sim = simulator(YeastarApiVersion.V1_1_0);
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("relogin"),
                List.of(pbx("pbx-a", sim, PASSWORD, "300ms")), "")) {
            String first = Await.result(sim.runScenario(Scenario.INTERNAL), WAIT).callId();

            sim.faults().expireTokens();
            bridge.readUntil("system", PbxEvent.class, WAIT,
                    rs -> rs.stream().anyMatch(e -> e.getType() == PbxEventType.RELOGIN));
            String second = Await.result(sim.runScenario(Scenario.OUTBOUND), WAIT).callId();

            sim.faults().reboot();
            List<PbxEvent> system = bridge.readUntil("system", PbxEvent.class, WAIT,
                    rs -> rs.stream().anyMatch(e -> e.getType() == PbxEventType.BOOTED)
                            && rs.stream().filter(e -> e.getType() == PbxEventType.RELOGIN).count() >= 2);
            assertThat(system).filteredOn(e -> e.getType() == PbxEventType.RELOGIN)
                    .anySatisfy(e -> assertThat(e.getReason()).contains("BootUp"));
            String third = Await.result(sim.runScenario(Scenario.INBOUND), WAIT).callId();

            List<CallRecord> cdrs = bridge.readUntil("cdr", CallRecord.class, WAIT,
                    rs -> rs.stream().map(CallRecord::getCallId).collect(Collectors.toSet())
                            .containsAll(List.of(first, second, third)));
            assertThat(cdrs).extracting(CallRecord::getCallId).contains(first, second, third);
            assertThat(bridge.app.sessions().session("pbx-a").orElseThrow().state()).isEqualTo(SessionState.UP);
        } finally {
            Await.result(sim.stop());
        }
    }

    @Test
    void aLockedOutAddressIsReportedAndWaitedOutBeforeOneMoreLogin(KafkaBroker kafka) throws Exception {
        YeastarSimulator sim = Await.result(YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0).apiVersion(YeastarApiVersion.V1_1_0).username("api").password(PASSWORD)
                // Long enough to still hold when a slow (loaded) machine has started the bridge; the
                // bridge's lockout_wait (Yeastar names no remaining time) is longer than the whole lock.
                .lockDuration(Duration.ofSeconds(6)).build()));
        io.vertx.ext.web.client.WebClient http = io.vertx.ext.web.client.WebClient.create(vertx);
        try {
            for (int i = 0; i < 5; i++) { // someone else's five failures lock 127.0.0.1
                Await.result(http.post(sim.port(), "127.0.0.1", "/api/v1.1.0/login")
                        .sendJsonObject(new io.vertx.core.json.JsonObject().put("username", "api").put("password", "bad")));
            }
            BridgeHarness.Pbx locked = new BridgeHarness.Pbx("pbx-l", "yeastar-s", sim.baseUrl(), "api", PASSWORD,
                    "1.1.0", "5m", Map.of("lockout_wait", "7s"));
            try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("lock"),
                    List.of(locked), "")) {
                List<PbxEvent> system = bridge.readUntil("system", PbxEvent.class, WAIT,
                        rs -> rs.stream().anyMatch(e -> e.getType() == PbxEventType.SESSION_UP));
                PbxEvent lockedOut = system.stream().filter(e -> e.getType() == PbxEventType.LOCKED_OUT).findFirst()
                        .orElseThrow();
                assertThat(lockedOut.getReason()).contains("20002");
                assertThat(lockedOut.getRetryAfterSeconds()).isEqualTo(7);
                // One refused attempt, then exactly one more after the wait: never a retry loop against a lock.
                assertThat(sim.requestsTo("login")).hasSize(5 + 2);
            }
        } finally {
            http.close();
            Await.result(sim.stop());
        }
    }

    @Test
    void wrongPasswordIsReportedAfterOneLoginAttemptAndNeverRetried(KafkaBroker kafka) throws Exception {
        YeastarSimulator sim = simulator(YeastarApiVersion.V2_0_0);
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("authfail"),
                List.of(pbx("pbx-b", sim, "not-the-password", "5m")), "")) {
            List<PbxEvent> system = bridge.readUntil("system", PbxEvent.class, WAIT,
                    rs -> rs.stream().anyMatch(e -> e.getType() == PbxEventType.AUTH_FAILED));
            PbxEvent failed = system.stream().filter(e -> e.getType() == PbxEventType.AUTH_FAILED).findFirst().orElseThrow();
            assertThat(failed.getReason()).contains("20003").doesNotContain("not-the-password");
            assertThat(failed.getHeader().getRawPayload()).doesNotContain("not-the-password");
            Thread.sleep(1500); // the backoff would have retried several times by now
            assertThat(sim.requestsTo("login")).hasSize(1);
            assertThat(bridge.app.sessions().session("pbx-b").orElseThrow().state()).isEqualTo(SessionState.AUTH_FAILED);
        } finally {
            Await.result(sim.stop());
        }
    }
}
