package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pbxbridge.connector.yeastar.sim.SimTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

class SimulatorReportDeliveryTest extends SimulatorTestBase {

    @Test
    void aReportIsResentWithTheSameBodyUntilTheReceiverAnswers200() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        receiver.answer(500, 500);
        c.post("extension/update", new JsonObject().put("extid", "1003").put("username", "Amy"));
        receiver.awaitCount(3);
        List<String> bodies = receiver.bodies();
        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(0)).isEqualTo(
                "{\"action\":\"ConfigChange\",\"type\":\"extension\",\"extid\":\"1003\",\"operation\":\"update\",\"sn\":\"369351034049\"}");
        assertThat(bodies).containsOnly(bodies.get(0));
        awaitCounters(new ReportCounters(1, 1, 3, 0, 0));
    }

    @Test
    void reportsOfACallKeepTheirOrderAcrossResends() {
        startSim(YeastarApiVersion.V1_1_0);
        loggedIn();
        receiver.answer(503, 500, 200, 502);
        ScenarioResult r = await(sim.runScenario(Scenario.OUTBOUND));
        List<String> distinct = receiver.bodies().stream().distinct().toList();
        assertThat(distinct).hasSize(r.reports());
        assertThat(distinct.stream().map(SimTestSupport::name).toList()).containsExactly(
                "ExtensionStatus", "RING", "ALERT", "ANSWER", "ANSWERED", "BYE", "ExtensionStatus", "NewCdr");
        assertThat(sim.reportCounters().attempts()).isEqualTo(r.reports() + 3);
    }

    @Test
    void nobodyLoggedInMeansNoReports() {
        startSim(YeastarApiVersion.V1_1_0);
        ScenarioResult r = await(sim.runScenario(Scenario.INTERNAL));
        assertThat(r.reports()).isZero();
        assertThat(sim.reportCounters().generated()).isZero();
        assertThat(receiver.bodies()).isEmpty();
    }

    @Test
    void afterLogoutReportsStop() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        await(sim.runScenario(Scenario.INTERNAL));
        long before = sim.reportCounters().delivered();
        assertThat(before).isPositive();
        c.post("logout", null);
        await(sim.runScenario(Scenario.INTERNAL));
        assertThat(sim.reportCounters().delivered()).isEqualTo(before);
    }

    @Test
    void aBoundedAttemptCountMakesAReportUndeliverable() {
        startSim(YeastarApiVersion.V1_1_0, b -> b.maxReportAttempts(2));
        loggedIn();
        receiver.answer(500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500);
        Throwable t = SimTestSupport.awaitFailure(sim.runScenario(Scenario.INTERNAL));
        assertThat(t).hasMessageContaining("undeliverable");
        assertThat(sim.reportCounters().undeliverable()).isPositive();
    }

    @Test
    void pausedReportsArePendingAndFlowOnResume() {
        startSim(YeastarApiVersion.V1_1_0);
        loggedIn();
        sim.faults().pauseReports();
        var scenario = sim.runScenario(Scenario.INTERNAL);
        awaitPending();
        assertThat(receiver.bodies()).isEmpty();
        sim.faults().resumeReports();
        ScenarioResult r = await(scenario);
        assertThat(receiver.bodies()).hasSize(r.reports());
        assertThat(sim.reportCounters().pending()).isZero();
    }

    private void awaitPending() {
        long deadline = System.nanoTime() + SimTestSupport.WAIT.toNanos();
        while (sim.reportCounters().pending() < 5) {
            assertThat(System.nanoTime()).as("reports pending").isLessThan(deadline);
            SimTestSupport.sleep(5);
        }
    }

    private void awaitCounters(ReportCounters expected) {
        long deadline = System.nanoTime() + SimTestSupport.WAIT.toNanos();
        while (!sim.reportCounters().equals(expected) && System.nanoTime() < deadline) {
            SimTestSupport.sleep(5);
        }
        assertThat(sim.reportCounters()).isEqualTo(expected);
    }
}
