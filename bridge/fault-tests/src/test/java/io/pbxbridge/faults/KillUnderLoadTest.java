package io.pbxbridge.faults;

import io.pbxbridge.schema.CallRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the only instance while a PBX pushes reports: every report it answered 200 is on Kafka,
 * and the instance restarted under the same {@code instance_id} is ready again quickly (its static membership
 * takes its partitions back without waiting for the dead member's session to expire).
 *
 * <p>Targets (measured in BENCHMARKS.md, "Faults"): ready ≤ 20 s after the restart. The assertion here is a
 * generous CI bound, as the machine running the suite is shared.
 */
@ExtendWith(FaultBroker.class)
class KillUnderLoadTest {
    /** The restart target is 20 s; a loaded 2-core CI machine gets twice that. */
    static final Duration RESTART_READY_BOUND = Duration.ofSeconds(40);

    @Test
    void noAcknowledgedReportIsLostAndTheRestartedInstanceIsReadySoon(FaultKafka kafka) {
        try (Deployment d = new Deployment(kafka, "kill-under-load", 2, 1, "")) {
            BridgeProcess a = d.launch("fault-a");
            // The reference: a first start, into a group nobody held before (JVM start, Kafka, group join).
            Faults.figure("first-start-to-ready", a.awaitReady(Duration.ofSeconds(120)));
            String pbx = d.pbxes.ids().get(0);
            ReportLoad load = new ReportLoad(pbx, () -> a.isAlive() && a.ingressPort() > 0 ? List.of(a.ingressPort())
                    : List.of(), 8);
            try {
                Faults.until("reports acknowledged before the kill (" + load + ")", Duration.ofSeconds(60),
                        () -> load.acknowledgedCount() >= 300);
                a.kill9();
                int beforeRestart = load.acknowledgedCount();
                Faults.count("reports-acknowledged-before-the-kill", beforeRestart);

                a.restart();
                Duration ready = a.awaitReady(Duration.ofSeconds(120));
                Faults.figure("restart-after-kill-9-to-ready", ready);
                Faults.until("reports acknowledged after the restart (" + load + ")", Duration.ofSeconds(60),
                        () -> load.acknowledgedCount() >= beforeRestart + 300);
                assertThat(ready).as("restart after kill -9 to ready (target 20 s); readiness: %s", a.readiness())
                        .isLessThan(RESTART_READY_BOUND);
                assertThat(a.upPbxes()).as("the restarted instance runs both PBX sessions again")
                        .containsExactlyInAnyOrderElementsOf(d.pbxes.ids());
            } finally {
                load.close();
            }

            Set<String> onKafka = kafka.readAll(d.prefix + "cdr", CallRecord.class).stream()
                    .map(r -> r.getCallId().toString()).collect(Collectors.toSet());
            Set<String> missing = new TreeSet<>(load.acknowledged());
            missing.removeAll(onKafka);
            Faults.count("reports-acknowledged", load.acknowledged().size());
            Faults.count("acknowledged-reports-missing", missing.size());
            assertThat(missing).as("reports answered 200 but not on %scdr (%s)", d.prefix, load).isEmpty();

            assertThat(a.terminate(Duration.ofSeconds(30))).as("SIGTERM: exits (128 + 15) within 30 s").contains(143);
            assertThat(a.process().linesMatching(java.util.regex.Pattern.compile("Bridge stopped")))
                    .as("SIGTERM: a graceful stop (%s)", a).hasSize(1);
        }
    }
}
