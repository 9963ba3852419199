package io.pbxbridge.faults;

import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A zombie: the instance owning a slow PBX is paused ({@code SIGSTOP}, as a long GC pause or a frozen VM would)
 * with commands waiting in that PBX's lane. The group gives the PBX to the other instance, which executes them.
 * When the paused instance resumes it still holds those commands — it must not send them to the PBX: before
 * every PBX call an instance proves it is still a group member (an offset commit the coordinator accepted within
 * the session timeout), and a resumed zombie's proof is refused until its consumer learns the partition is gone.
 *
 * <p>What may remain is documented: the one command whose PBX request was already on its way when the process
 * froze can run a second time on the new owner (nobody recorded its result).
 */
@ExtendWith(FaultBroker.class)
class PausedInstanceTest {
    private static final int COMMANDS = 5;
    private static final Duration PBX_DELAY = Duration.ofMillis(1500);

    @Test
    void aPausedInstanceDoesNotExecuteTheCommandsItHeldAfterItsPbxMoved(FaultKafka kafka) {
        try (Deployment d = new Deployment(kafka, "paused", 2, 1, "")) {
            BridgeProcess a = d.launch("fault-a");
            BridgeProcess b = d.launch("fault-b");
            a.awaitReady(Duration.ofSeconds(120));
            b.awaitReady(Duration.ofSeconds(120));
            Faults.until("each instance owning one PBX", Duration.ofSeconds(90), Duration.ofMillis(500),
                    () -> d.eachPbxUpOnExactlyOne(List.of(a, b)) && a.upPbxes().size() == 1 && b.upPbxes().size() == 1);
            String pbx = a.upPbxes().iterator().next();
            d.pbxes.sim(pbx).faults().slowResponses(PBX_DELAY);

            Instant now = Instant.now();
            List<String> numbers = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 1; i <= COMMANDS; i++) {
                String number = "06220000" + i;
                numbers.add(number);
                ids.add("c-held-" + i);
                // Each from its own extension: a call still ringing on one does not make the next dial fail.
                d.send(d.dial("c-held-" + i, pbx, Integer.toString(1000 + i), number, now, now.plusSeconds(180)));
            }
            // The first is at the PBX (answering slowly); the others wait in A's lane. Freeze A now.
            Faults.until("the first command reached the PBX", Duration.ofSeconds(30), Duration.ofMillis(20),
                    () -> !d.pbxes.dialsTo(pbx, numbers.get(0)).isEmpty());
            a.pause();
            Instant paused = Instant.now();
            try {
                Faults.until("B runs the paused instance's PBX", Duration.ofSeconds(60), Duration.ofMillis(200),
                        () -> b.upPbxes().contains(pbx));
                Faults.figure("sigstop-to-session-up-elsewhere", Duration.between(paused, Instant.now()));
                // B re-reads the uncommitted commands; let it start on them before A wakes up.
                Faults.until("B executing the held commands", Duration.ofSeconds(30), Duration.ofMillis(100),
                        () -> !d.pbxes.dialsTo(pbx, numbers.get(1)).isEmpty());
            } finally {
                a.resume();
            }
            Map<String, CommandResult> results = d.awaitResults(ids, Duration.ofSeconds(90));
            // Let the resumed instance do whatever it would still do with what it held.
            Faults.sleep(PBX_DELAY.multipliedBy(3));

            for (int i = 2; i <= COMMANDS; i++) {
                String number = numbers.get(i - 1);
                assertThat(d.pbxes.dialsTo(pbx, number)).as("command %d (to %s) executed exactly once: %s", i, number,
                        results.get("c-held-" + i)).hasSize(1);
                assertThat(results.get("c-held-" + i).getStatus()).as("%s", results.get("c-held-" + i))
                        .isEqualTo(CommandStatus.SUCCEEDED);
            }
            // The one whose request was on its way when A froze: A's call went out, B may have repeated it (the PBX
            // refuses the repeat while A's call still rings on that extension: errno 10008, no second call).
            assertThat(d.pbxes.callsPlacedTo(pbx, numbers.get(0))).hasSizeBetween(1, 2);
        }
    }
}
