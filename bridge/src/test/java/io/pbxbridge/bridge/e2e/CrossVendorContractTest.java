package io.pbxbridge.bridge.e2e;

import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.grandstream.sim.CallScenario;
import io.pbxbridge.connector.grandstream.sim.SimCallSummary;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.Scenario;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.schema.CallDirection;
import io.pbxbridge.schema.CallDisposition;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-vendor contract: the same call placed on a Yeastar and on a Grandstream simulator comes
 * out of the bridge as the same normalized story — ringing, answered, ended between two extensions,
 * then one answered internal CDR — whatever the vendor's wire format.
 */
@WithKafka
class CrossVendorContractTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final Set<CallEventType> LIFECYCLE = Set.of(CallEventType.RINGING, CallEventType.ANSWERED,
            CallEventType.ENDED);
    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        Await.result(vertx.close());
    }

    @Test
    void anInternalCallIsTheSameStoryOnBothVendors(KafkaBroker kafka, @TempDir Path state) throws Exception {
        YeastarSimulator yeastar = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V2_0_0);
        UcmSimulator ucm = Await.result(UcmSimulator.start(vertx, new UcmSimulatorOptions()
                .host("127.0.0.1").port(0)
                .apiUser("cdrapi", Secret.of("ucm-api-pw")).webUser("admin", Secret.of("ucm-web-pw"))
                .extensions(6, 1000).callControl(false)
                .stepDelay(Duration.ofMillis(20)).talkTime(Duration.ofMillis(100))));
        BridgeHarness.Pbx ucmPbx = new BridgeHarness.Pbx("ucm", "grandstream-ucm",
                ucm.scheme() + "://127.0.0.1:" + ucm.port(), "cdrapi", "ucm-api-pw", "1.0", "4m",
                Map.of("ws_username", "admin", "ws_password", "ucm-web-pw", "call_control", "false",
                        "cdr_poll_interval", "500ms", "cdr_overlap", "1m", "state_dir", state.toString()));
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("contract"),
                List.of(YeastarEndToEndTest.pbx("yeastar", yeastar, YeastarEndToEndTest.PASSWORD, "5m"), ucmPbx), "")) {
            Await.until("UCM WebSocket subscribed", () -> ucm.webSocketSessions() == 1
                    && !ucm.requestsFor("listAccount").isEmpty());
            String yeastarCall = Await.result(yeastar.runScenario(Scenario.INTERNAL), WAIT).callId();
            SimCallSummary ucmCall = Await.result(ucm.runScenario(CallScenario.INTERNAL), WAIT);

            List<CallEvent> events = bridge.readUntil("call-events", CallEvent.class, WAIT,
                    rs -> ended(rs, yeastarCall) && ended(rs, ucmCall.linkedid()));
            assertThat(story(events, yeastarCall)).containsExactly(CallEventType.RINGING, CallEventType.ANSWERED,
                    CallEventType.ENDED);
            assertThat(story(events, ucmCall.linkedid())).containsExactly(CallEventType.RINGING,
                    CallEventType.ANSWERED, CallEventType.ENDED);
            for (String callId : List.of(yeastarCall, ucmCall.linkedid())) {
                CallEvent answered = events.stream().filter(e -> e.getCallId().equals(callId)
                        && e.getType() == CallEventType.ANSWERED).findFirst().orElseThrow();
                assertThat(answered.getParties()).as("parties of %s", callId)
                        .filteredOn(p -> p.getKind() == PartyKind.EXTENSION).extracting(Party::getNumber)
                        .doesNotContainNull().hasSizeGreaterThanOrEqualTo(2);
            }

            List<CallRecord> cdrs = bridge.readUntil("cdr", CallRecord.class, WAIT,
                    rs -> rs.stream().anyMatch(r -> r.getHeader().getVendor() == Vendor.YEASTAR_S)
                            && rs.stream().anyMatch(r -> r.getHeader().getVendor() == Vendor.GRANDSTREAM_UCM));
            for (Vendor vendor : List.of(Vendor.YEASTAR_S, Vendor.GRANDSTREAM_UCM)) {
                CallRecord cdr = cdrs.stream().filter(r -> r.getHeader().getVendor() == vendor).findFirst().orElseThrow();
                assertThat(cdr.getDirection()).as("%s direction", vendor).isEqualTo(CallDirection.INTERNAL);
                assertThat(cdr.getDisposition()).as("%s disposition", vendor).isEqualTo(CallDisposition.ANSWERED);
                assertThat(cdr.getCaller()).as("%s caller", vendor).matches("\\d+");
                assertThat(cdr.getCallee()).as("%s callee", vendor).matches("\\d+");
                assertThat(cdr.getTalkSeconds()).as("%s talk seconds", vendor).isNotNull();
            }
        } finally {
            Await.result(yeastar.stop());
            Await.result(ucm.stop());
        }
    }

    private static boolean ended(List<CallEvent> events, String callId) {
        return events.stream().anyMatch(e -> e.getCallId().equals(callId) && e.getType() == CallEventType.ENDED);
    }

    /** The vendor-neutral lifecycle of one call: first occurrence of each core step, in order. */
    private static List<CallEventType> story(List<CallEvent> events, String callId) {
        Set<CallEventType> seen = new LinkedHashSet<>();
        events.stream().filter(e -> e.getCallId().equals(callId)).map(CallEvent::getType)
                .filter(LIFECYCLE::contains).forEach(seen::add);
        return List.copyOf(seen);
    }
}
