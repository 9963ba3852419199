package io.pbxbridge.bridge.fuzz;

import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: a bounded, seeded fuzz of the report ingress in the suite — a few thousand hostile requests per vendor
 * over raw sockets into a running bridge (both vendors' routes, a real broker), with slow bodies and idle sockets
 * meanwhile; every invariant of {@link IngressFuzz} must hold. {@code -Dfuzz.seed=N} replays another mix;
 * {@code -Dfuzz.requests=N} sizes it (per vendor); {@code bridge/bench/fuzz.sh ingress --seconds 600} runs it for
 * long against the runnable jar.
 */
@WithKafka
class IngressFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 2000);

    @Test
    void hostileReportsBreakNoInvariant(KafkaBroker kafka, @TempDir Path state) throws Exception {
        try (FuzzBridge bridge = FuzzBridge.inProcess(kafka.bootstrapServers(), kafka.uniquePrefix("ingressfuzz"), state);
             IngressFuzz fuzz = IngressFuzz.start(bridge)) {
            IngressFuzz.Ledger ledger = fuzz.round(REQUESTS, SEED, 20, 100);
            IngressFuzz.Verdict verdict = fuzz.verify(ledger, Duration.ofSeconds(60));
            LoggerFactory.getLogger(IngressFuzzTest.class).info("Ingress fuzz, seed {}: {} requests {}, answers {}, "
                            + "{} answered 200 ({} as records, {} as dead letters)", SEED, ledger.requests(), ledger.kinds(),
                    ledger.statuses(), verdict.accepted(), verdict.accountedAsRecords(), verdict.accountedAsDeadLetters());

            assertThat(verdict.violations()).as("seed %d", SEED).isEmpty();
            assertThat(fuzz.finalChecks()).as("seed %d", SEED).isEmpty();
            // The mix really held each kind, and both outcomes of a 200.
            assertThat(ledger.kinds()).containsKeys("report", "chunked", "wrong-id-or-secret", "not-a-report",
                    "pipelined", "expect-100-continue", "slow-body", "around-the-limit");
            assertThat(ledger.statuses()).containsKeys(200, 404, 408, 413);
            assertThat(verdict.accountedAsRecords()).isGreaterThan(REQUESTS / 5);
            assertThat(verdict.accountedAsDeadLetters()).isGreaterThan(REQUESTS / 5);
        }
    }
}
