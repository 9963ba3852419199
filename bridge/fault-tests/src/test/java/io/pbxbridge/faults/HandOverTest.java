package io.pbxbridge.faults;

import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances share four PBXes. {@code kill -9} of one: the survivor has the orphaned PBXes' sessions up
 * within the hand-over target; commands sent meanwhile whose deadline passed in the gap are answered
 * {@code EXPIRED} and never reach the PBX (an explicit {@code expires_at}, and the default deadline of a command
 * without one), a command still in time runs exactly once. Meanwhile each instance exports session state only
 * for the PBXes it owns. Then the killed instance comes back and takes its share again, and a {@code SIGTERM}
 * of the other hands its PBXes over within seconds.
 *
 * <p>Targets (measured in BENCHMARKS.md, "Faults"): kill -9 → sessions up elsewhere ≤ 15 s; SIGTERM → ≤ 3 s. The
 * assertions are generous CI bounds: the machine running the suite is shared.
 */
@ExtendWith(FaultBroker.class)
class HandOverTest {
    static final Duration KILL_HANDOVER_BOUND = Duration.ofSeconds(30);
    static final Duration SIGTERM_HANDOVER_BOUND = Duration.ofSeconds(10);

    @Test
    void aKilledInstancesPbxesMoveWithinTheTargetAndLateCommandsAreNotExecuted(FaultKafka kafka) {
        // A short default deadline, so that a command without expires_at outlives it in the ownership gap.
        try (Deployment d = new Deployment(kafka, "hand-over", 2, 2, """
                commands: {group_id: hand-over-%d, call_control_deadline: 5s}
                """.formatted(System.nanoTime()))) {
            BridgeProcess a = d.launch("fault-a");
            BridgeProcess b = d.launch("fault-b");
            a.awaitReady(Duration.ofSeconds(120));
            b.awaitReady(Duration.ofSeconds(120));
            Faults.until("each PBX up on exactly one instance, both instances owning some", Duration.ofSeconds(90),
                    Duration.ofMillis(500), () -> d.eachPbxUpOnExactlyOne(List.of(a, b))
                            && !a.upPbxes().isEmpty() && !b.upPbxes().isEmpty());
            for (BridgeProcess bridge : List.of(a, b)) {
                assertThat(bridge.pbxesWithStateSeries()).as("%s exports session state only for the PBXes it owns",
                        bridge.instanceId()).isEqualTo(bridge.upPbxes());
            }
            Set<String> orphans = a.upPbxes();
            String target = orphans.iterator().next();

            a.kill9();
            Instant killed = Instant.now();
            // Sent right after the kill: they wait on Kafka until the survivor owns the PBX.
            d.send(d.dial("c-expires", target, "0611000001", killed, killed.plusSeconds(3)));
            d.send(d.dial("c-default-deadline", target, "0611000002", killed, null));
            d.send(d.dial("c-in-time", target, "0611000003", killed, killed.plusSeconds(120)));

            Faults.until("the survivor runs every PBX session", KILL_HANDOVER_BOUND.plusSeconds(30),
                    Duration.ofMillis(200), () -> b.upPbxes().containsAll(d.pbxes.ids()));
            Duration handOver = Duration.between(killed, Instant.now());
            Faults.figure("kill-9-to-sessions-up-elsewhere", handOver);
            assertThat(handOver).as("kill -9 → orphaned sessions up on the survivor (target 15 s)")
                    .isLessThan(KILL_HANDOVER_BOUND);

            Map<String, CommandResult> results = d.awaitResults(Set.of("c-expires", "c-default-deadline", "c-in-time"),
                    Duration.ofSeconds(60));
            assertThat(results.get("c-expires").getStatus()).as("%s", results.get("c-expires")).isEqualTo(CommandStatus.EXPIRED);
            assertThat(results.get("c-default-deadline").getStatus()).as("%s", results.get("c-default-deadline"))
                    .isEqualTo(CommandStatus.EXPIRED);
            assertThat(results.get("c-default-deadline").getReason()).contains("default");
            CommandResult inTime = results.get("c-in-time");
            assertThat(inTime.getStatus()).as("%s", inTime).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(inTime.getExecutedBy()).isEqualTo("fault-b");
            // latency_ms counts the wait for an owner; received_at shows where it ended.
            assertThat(inTime.getReceivedAt()).isAfter(killed.plusSeconds(5));
            assertThat(inTime.getLatencyMs()).isGreaterThanOrEqualTo(
                    Duration.between(killed, inTime.getReceivedAt()).toMillis());
            assertThat(d.pbxes.dialsTo(target, "0611000001")).as("an expired command never reaches the PBX").isEmpty();
            assertThat(d.pbxes.dialsTo(target, "0611000002")).as("an expired command never reaches the PBX").isEmpty();
            assertThat(d.pbxes.dialsTo(target, "0611000003")).as("executed exactly once").hasSize(1);

            // The killed instance comes back and takes its share again; B hands PBXes over in its callback.
            a.restart();
            a.awaitReady(Duration.ofSeconds(120));
            Faults.until("both instances owning PBXes again", Duration.ofSeconds(60), Duration.ofMillis(500),
                    () -> d.eachPbxUpOnExactlyOne(List.of(a, b)) && !a.upPbxes().isEmpty() && !b.upPbxes().isEmpty());
            assertThat(b.pbxesWithStateSeries()).as("B no longer exports the PBXes it handed back").isEqualTo(b.upPbxes());

            Set<String> ofB = b.upPbxes();
            Instant terminated = Instant.now();
            b.process().terminate();
            Faults.until("A runs every PBX session after B's SIGTERM", SIGTERM_HANDOVER_BOUND.plusSeconds(30),
                    Duration.ofMillis(100), () -> a.upPbxes().containsAll(d.pbxes.ids()));
            Duration graceful = Duration.between(terminated, Instant.now());
            Faults.figure("sigterm-to-sessions-up-elsewhere", graceful);
            assertThat(graceful).as("SIGTERM → %s up on the other instance (target 3 s)", ofB)
                    .isLessThan(SIGTERM_HANDOVER_BOUND);
            assertThat(b.process().awaitExit(Duration.ofSeconds(30))).as("B exits after SIGTERM").isPresent();
            for (String pbx : ofB) {
                List<String> history = d.pbxes.sessionHistory(pbx);
                assertThat(history.subList(history.size() - 3, history.size())).as("%s: B logged out before A logged in",
                        pbx).containsExactly("login", "logout", "login");
            }
            assertThat(a.unowned()).as("pbx_unowned").contains(0.0);
        }
    }
}
