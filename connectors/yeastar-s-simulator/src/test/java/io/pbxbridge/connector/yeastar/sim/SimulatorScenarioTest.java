package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static io.pbxbridge.connector.yeastar.sim.SimTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

class SimulatorScenarioTest extends SimulatorTestBase {

    private void startWithInboundControl(YeastarApiVersion v) {
        startSim(v, b -> b.trunks(List.of(TrunkSpec.sip("SIP-142").withInboundControl(true, true),
                TrunkSpec.gsm("GSM-trunk"))).inboundControlWindow(Duration.ofMillis(30)));
        loggedIn();
    }

    @ParameterizedTest
    @EnumSource(YeastarApiVersion.class)
    void everyScenarioEndsWithItsCdr(YeastarApiVersion version) {
        startWithInboundControl(version);
        for (Scenario s : Scenario.values()) {
            ScenarioResult r = await(sim.runScenario(s));
            List<String> bodies = receiver.bodiesOf(r.callId());
            assertThat(bodies).as(s.toString()).isNotEmpty();
            assertThat(SimTestSupport.name(bodies.get(bodies.size() - 1))).as(s.toString()).isEqualTo("NewCdr");
            assertThat(bodies.stream().filter(b -> b.contains("NewCdr"))).as(s.toString()).hasSize(1);
        }
        assertThat(sim.reportCounters().pending()).isZero();
        assertThat(sim.reportCounters().delivered()).isEqualTo(sim.reportCounters().generated());
    }

    @Test
    void scenarioSpecificReports() {
        startWithInboundControl(YeastarApiVersion.V1_1_0);
        ScenarioResult failed = await(sim.runScenario(Scenario.FAILED));
        String cf = receiver.bodiesOf(failed.callId()).stream().filter(b -> b.contains("CallFailed")).findFirst().orElseThrow();
        assertThat(new JsonObject(cf).getString("reason"))
                .isIn("486 Busy Here", "480 Temporarily unavailable", "404 NOT found", "603 Declined");
        assertThat(new JsonObject(cf).getJsonObject("outbound").getString("outboundid")).isNotBlank();
        String failedCdr = receiver.bodiesOf(failed.callId()).get(receiver.bodiesOf(failed.callId()).size() - 1);
        assertThat(new JsonObject(failedCdr).getString("status")).isIn("FAILED", "NO ANSWER");

        ScenarioResult transferred = await(sim.runScenario(Scenario.TRANSFERRED));
        assertThat(receiver.bodiesOf(transferred.callId()).stream().map(SimTestSupport::name).toList())
                .containsSubsequence("ANSWERED", "Tranfer", "RING", "ANSWERED", "BYE", "NewCdr");

        ScenarioResult ivr = await(sim.runScenario(Scenario.IVR_DTMF));
        List<JsonObject> dtmf = receiver.bodiesOf(ivr.callId()).stream().filter(b -> b.contains("\"DTMF\""))
                .map(JsonObject::new).toList();
        assertThat(dtmf).hasSize(4);
        for (int i = 0; i < dtmf.size(); i++) {
            assertThat(dtmf.get(i).getString("flag")).isEqualTo(Integer.toString(i));
            assertThat(dtmf.get(i).getString("info")).hasSize(1);
            assertThat(dtmf.get(i).getString("infos")).hasSize(i + 1).endsWith(dtmf.get(i).getString("info"));
        }
        assertThat(receiver.bodiesOf(ivr.callId()).stream().map(SimTestSupport::name).toList())
                .startsWith("Invite", "Incoming", "DTMF");

        ScenarioResult inbound = await(sim.runScenario(Scenario.INBOUND));
        assertThat(receiver.bodiesOf(inbound.callId()).stream().map(SimTestSupport::name).toList())
                .containsExactly("Invite", "Incoming", "RING", "ALERT", "ANSWER", "ANSWERED", "BYE", "NewCdr");
        // extension status changes surround the call
        assertThat(receiver.names()).contains("ExtensionStatus");
    }

    @Test
    void trafficModeGeneratesCallsUntilStopped() {
        startWithInboundControl(YeastarApiVersion.V1_1_0);
        sim.startTraffic(50);
        long deadline = System.nanoTime() + SimTestSupport.WAIT.toNanos();
        while (receiver.bodies().stream().filter(b -> b.contains("NewCdr")).count() < 5) {
            assertThat(System.nanoTime()).as("5 CDRs from traffic").isLessThan(deadline);
            SimTestSupport.sleep(10);
        }
        sim.stopTraffic();
        assertThat(receiver.names()).contains("RING", "ANSWERED", "BYE");
    }
}
