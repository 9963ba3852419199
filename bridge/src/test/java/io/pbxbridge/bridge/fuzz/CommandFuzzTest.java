package io.pbxbridge.bridge.fuzz;

import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: a bounded, seeded fuzz of the command consumer in the suite — a few thousand hostile
 * command records through a real broker into a running bridge with a simulated Yeastar PBX; every
 * invariant of {@link CommandFuzz} must hold. {@code -Dfuzz.seed=N} replays another mix;
 * {@code -Dfuzz.records=N} sizes it; {@code bridge/bench/fuzz.sh commands --seconds 600} runs it for long.
 */
@WithKafka
class CommandFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261126L);
    private static final int RECORDS = Integer.getInteger("fuzz.records", 2500);

    @Test
    void hostileCommandRecordsBreakNoInvariant(KafkaBroker kafka) throws Exception {
        try (CommandFuzz fuzz = CommandFuzz.start(kafka.bootstrapServers(), kafka.uniquePrefix("fuzz"))) {
            CommandFuzz.Ledger ledger = fuzz.round(RECORDS, SEED);
            CommandFuzz.Verdict verdict = fuzz.verify(ledger, Duration.ofSeconds(60));
            LoggerFactory.getLogger(CommandFuzzTest.class).info("Command fuzz, seed {}: {} records {}, {} results, {} dead letters",
                    SEED, ledger.records(), ledger.kinds, verdict.results(), verdict.deadLetters());

            assertThat(verdict.violations()).as("seed %d, %s", SEED, ledger.kinds).isEmpty();
            assertThat(fuzz.finalChecks()).as("seed %d", SEED).isEmpty();
            // The mix really contained each kind of record, and the undecodable ones were many.
            assertThat(ledger.kinds).containsKeys("executed", "duplicate", "expired", "unknown-pbx", "refused", "undecodable");
            assertThat(ledger.deadLetters).hasSizeGreaterThan(RECORDS / 10);
            assertThat(fuzz.undecodableWarnings()).isLessThan(ledger.deadLetters.size() / 4);
        }
    }
}
