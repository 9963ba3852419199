package io.pbxbridge.bridge.command;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.schema.CommandStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CommandMetricsTest {

    @Test
    void labelsOnlyConfiguredPbxes() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CommandMetrics metrics = new CommandMetrics(registry, Set.of("pbx-a"));

        metrics.result("pbx-a", CommandStatus.SUCCEEDED, false);
        metrics.result("pbx-a", CommandStatus.SUCCEEDED, true);
        metrics.result("made-up-by-a-producer", CommandStatus.UNKNOWN_PBX, false);
        metrics.latency("pbx-a", Duration.ofMillis(12));
        metrics.deadLettered();

        assertThat(registry.get("pbx_commands").tag("pbx", "pbx-a").tag("status", "succeeded").counter().count()).isEqualTo(2);
        assertThat(registry.get("pbx_commands").tag("pbx", "other").tag("status", "unknown_pbx").counter().count()).isEqualTo(1);
        assertThat(registry.find("pbx_commands").tag("pbx", "made-up-by-a-producer").counter()).isNull();
        assertThat(registry.get("pbx_commands_replayed").tag("pbx", "pbx-a").counter().count()).isEqualTo(1);
        assertThat(registry.get("pbx_command_latency").tag("pbx", "pbx-a").timer().count()).isEqualTo(1);
        assertThat(metrics.deadLetterCount()).isEqualTo(1);
    }

    @Test
    void backlogGaugeFollowsTheLane() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CommandMetrics metrics = new CommandMetrics(registry, Set.of("pbx-a"));
        PbxCommandLane lane = new PbxCommandLane("pbx-a", 1, 10);
        metrics.backlogGauge("pbx-a", lane, PbxCommandLane::size);

        lane.submit(() -> io.vertx.core.Promise.<String>promise().future());
        lane.submit(() -> io.vertx.core.Future.succeededFuture("x"));

        assertThat(registry.get("pbx_command_backlog").tag("pbx", "pbx-a").gauge().value()).isEqualTo(2.0);
    }
}
