package io.pbxbridge.bridge.session;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.connector.spi.SessionState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pbx_session_state} exists only for PBXes whose session runs on this instance. */
class SessionMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SessionMetrics metrics = new SessionMetrics(registry);

    private Double state(String pbx, String state) {
        Gauge g = registry.find("pbx_session_state").tag("pbx", pbx).tag("state", state).gauge();
        return g == null ? null : g.value();
    }

    @Test
    void aPbxNeverOwnedHereHasNoSeriesAndItsStateChangesAreIgnored() {
        metrics.onStateChange("pbx-elsewhere", SessionState.UP, null);

        assertThat(registry.find("pbx_session_state").gauges()).isEmpty();
        assertThat(metrics.state("pbx-elsewhere")).isNull();
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
}
