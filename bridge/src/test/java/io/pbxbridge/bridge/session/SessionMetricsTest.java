package io.pbxbridge.bridge.session;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.connector.spi.SessionState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session series exist only for sessions that run on this instance: {@code pbx_sessions{vendor,state}} counts
 * them (the default), {@code pbx_session_state{pbx,state}} shows each (with {@code per_pbx_metrics}).
 */
class SessionMetricsTest {
    private static final Map<String, String> VENDORS = Map.of("pbx-a", "yeastar-s", "pbx-b", "yeastar-s",
            "pbx-u", "grandstream-ucm");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SessionMetrics metrics = new SessionMetrics(registry, List.of("yeastar-s", "grandstream-ucm"),
            VENDORS::get, true);
    private final SimpleMeterRegistry fleetRegistry = new SimpleMeterRegistry();
    private final SessionMetrics fleet = new SessionMetrics(fleetRegistry, List.of("yeastar-s", "grandstream-ucm"),
            VENDORS::get, false);

    private Double state(String pbx, String state) {
        Gauge g = registry.find("pbx_session_state").tag("pbx", pbx).tag("state", state).gauge();
        return g == null ? null : g.value();
    }

    private static double sessions(SimpleMeterRegistry registry, String vendor, String state) {
        return registry.get("pbx_sessions").tag("vendor", vendor).tag("state", state).gauge().value();
    }

    @Test
    void aPbxNeverOwnedHereHasNoSeriesAndItsStateChangesAreIgnored() {
        metrics.onStateChange("pbx-elsewhere", SessionState.UP, null);

        assertThat(registry.find("pbx_session_state").gauges()).isEmpty();
        assertThat(metrics.state("pbx-elsewhere")).isNull();
        assertThat(sessions(registry, "yeastar-s", "up")).isZero();
    }

    @Test
    void theSeriesComeWithTheSessionAndGoWhenItStopped() {
        metrics.register("pbx-a");
        assertThat(state("pbx-a", "starting")).isEqualTo(1.0);

        metrics.onStateChange("pbx-a", SessionState.UP, null);
        assertThat(state("pbx-a", "up")).isEqualTo(1.0);
        assertThat(state("pbx-a", "starting")).isEqualTo(0.0);

        metrics.unregister("pbx-a");
        assertThat(registry.find("pbx_session_state").tag("pbx", "pbx-a").gauges()).isEmpty();
        assertThat(registry.find("pbx_session_buffered_events").tag("pbx", "pbx-a").gauges()).isEmpty();
        metrics.onStateChange("pbx-a", SessionState.STOPPED, null);
        assertThat(registry.find("pbx_session_state").tag("pbx", "pbx-a").gauges())
                .as("a late state change of the stopped session does not bring the series back").isEmpty();
    }

    @Test
    void aPbxThatComesBackIsShownAgain() {
        metrics.register("pbx-a");
        metrics.unregister("pbx-a");
        metrics.register("pbx-a");

        assertThat(state("pbx-a", "starting")).isEqualTo(1.0);
        assertThat(registry.find("pbx_session_state").tag("pbx", "pbx-a").gauges())
                .hasSize(SessionState.values().length);
    }

    @Test
    void fleetLevelCountsOnlyTheSessionsRunningHereAndHasNoPerPbxSeries() {
        fleet.register("pbx-a");
        fleet.register("pbx-b");
        fleet.register("pbx-u");
        fleet.onStateChange("pbx-a", SessionState.UP, null);
        fleet.onStateChange("pbx-b", SessionState.AUTH_FAILED, "wrong password");
        fleet.onStateChange("pbx-elsewhere", SessionState.UP, null);

        assertThat(sessions(fleetRegistry, "yeastar-s", "up")).isEqualTo(1.0);
        assertThat(sessions(fleetRegistry, "yeastar-s", "auth_failed")).isEqualTo(1.0);
        assertThat(sessions(fleetRegistry, "grandstream-ucm", "starting")).isEqualTo(1.0);
        assertThat(fleetRegistry.find("pbx_session_state").gauges()).isEmpty();
        assertThat(fleetRegistry.find("pbx_session_buffered_events").gauges()).isEmpty();

        fleet.onStateChange("pbx-a", SessionState.STOPPED, null);
        assertThat(sessions(fleetRegistry, "yeastar-s", "up")).as("a stopped session is not counted").isZero();
        assertThat(fleet.countsByState()).doesNotContainKey(SessionState.STOPPED);
        fleet.unregister("pbx-a");
        fleet.unregister("pbx-b");
        assertThat(sessions(fleetRegistry, "yeastar-s", "auth_failed")).as("the PBX moved to another instance")
                .isZero();
        assertThat(fleet.countsByState().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
        assertThat(fleet.state("pbx-b")).isNull();
    }

    @Test
    void aSessionCreatedAgainIsCountedOnceAsStarting() {
        fleet.register("pbx-a");
        fleet.onStateChange("pbx-a", SessionState.UP, null);
        fleet.register("pbx-a"); // restarted with a changed entry before the old one was unregistered

        assertThat(sessions(fleetRegistry, "yeastar-s", "up")).isZero();
        assertThat(sessions(fleetRegistry, "yeastar-s", "starting")).isEqualTo(1.0);
    }
}
