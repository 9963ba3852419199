package io.pbxbridge.connector.spi;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [base*2^n / 2, base*2^n],
 * capped at {@code max}. Jitter keeps many bridges from hammering a rebooted PBX in lockstep.
 */
public final class Backoff {
    private final Duration base;
    private final Duration max;
    private int attempt;

    public Backoff(Duration base, Duration max) {
        if (base.isZero() || base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max");
        }
        this.base = base;
        this.max = max;
    }

    /** The delay before the next attempt; each call doubles the ceiling up to {@code max}. */
    public Duration next() {
        long ceiling = base.toMillis() << Math.min(attempt, 20);
        ceiling = Math.min(ceiling, max.toMillis());
        attempt++;
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }

    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }

    /** A keep-alive period with +/-10% jitter, so heartbeats of many PBXes spread out. */
    public static Duration jittered(Duration period) {
        long ms = period.toMillis();
        long spread = Math.max(1, ms / 10);
        return Duration.ofMillis(ms - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }
}
