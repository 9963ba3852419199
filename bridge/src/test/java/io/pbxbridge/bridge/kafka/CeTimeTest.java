package io.pbxbridge.bridge.kafka;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code ce_time} is byte for byte what ISO_INSTANT writes, whatever the instant. */
class CeTimeTest {
    @Test
    void everyFractionLengthAndTheEdgesOfTheFastRange() {
        for (Instant t : new Instant[] {
                Instant.EPOCH, Instant.parse("2026-12-02T00:24:47Z"), Instant.parse("2026-12-02T00:24:47.100Z"),
                Instant.parse("2026-12-02T00:24:47.000100Z"), Instant.parse("2026-12-02T00:24:47.000000001Z"),
                Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.parse("9999-12-31T23:59:59.5Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX}) {
            assertSame(t);
        }
    }

    @Test
    void randomInstantsInAnyOrderSoTheCachedSecondIsBothHitAndMissed() {
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 200_000; i++) {
            long second = i % 3 == 0 ? 1_764_636_287L + random.nextInt(3) : random.nextLong(-100_000_000_000L, 300_000_000_000L);
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            assertSame(Instant.ofEpochSecond(second, nanos));
        }
    }

    @Test
    void threadsWritingDifferentSecondsAtOnceEachGetTheirOwn() throws Exception {
        Thread[] threads = new Thread[4];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads.length; t++) {
            long base = 1_700_000_000L + t * 86_400L * 40;
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 50_000; i++) {
                        assertSame(Instant.ofEpochSecond(base + i % 7, i));
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    private static void assertSame(Instant t) {
        assertEquals(DateTimeFormatter.ISO_INSTANT.format(t), new String(CeTime.of(t), StandardCharsets.US_ASCII), t::toString);
    }
}
