package io.pbxbridge.connector.spi;

import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * One kind of repeated log message (a bad report, an undecodable command, a refused BootUp) that input
 * from outside can trigger at will: at most {@code burst} lines per {@code window} are written, the rest
 * are counted, and the next line written says how many were suppressed since the last one, so a flood
 * costs a few lines, not gigabytes, and is still visible. Use one instance per kind of message
 * (typically a field next to the logger); it is thread-safe.
 *
 * <pre>{@code
 * private final RateLimitedLog undecodable = RateLimitedLog.warn(LOG, 5, Duration.ofSeconds(10));
 * undecodable.log("Command record {} cannot be decoded ({})", location, reason);
 * // after a flood, the next line written: ... cannot be decoded (...) [1234 similar messages suppressed before this one]
 * }</pre>
 */
public final class RateLimitedLog {
    /** A default for messages hostile input can repeat: 5 lines per 10 seconds. */
    public static final int DEFAULT_BURST = 5;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    private final Logger log;
    private final Level level;
    private final int burst;
    private final long windowNanos;
    private final LongSupplier nanoClock;

    private long windowStart;
    private int writtenInWindow;
    private long suppressedSinceLastWritten;
    private long suppressedTotal;

    RateLimitedLog(Logger log, Level level, int burst, Duration window, LongSupplier nanoClock) {
        if (burst < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("burst must be at least 1 and window positive");
        }
        this.log = log;
        this.level = level;
        this.burst = burst;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    public static RateLimitedLog warn(Logger log, int burst, Duration window) {
        return new RateLimitedLog(log, Level.WARN, burst, window, System::nanoTime);
    }

    public static RateLimitedLog warn(Logger log) {
        return warn(log, DEFAULT_BURST, DEFAULT_WINDOW);
    }

    public static RateLimitedLog info(Logger log, int burst, Duration window) {
        return new RateLimitedLog(log, Level.INFO, burst, window, System::nanoTime);
    }

    /** Writes the message (SLF4J format; a trailing Throwable is the exception) unless over the rate. */
    public void log(String format, Object... args) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        long suppressed;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (now - windowStart >= windowNanos) {
                windowStart = now;
                writtenInWindow = 0;
            }
            if (writtenInWindow >= burst) {
                suppressedSinceLastWritten++;
                suppressedTotal++;
                return;
            }
            writtenInWindow++;
            suppressed = suppressedSinceLastWritten;
            suppressedSinceLastWritten = 0;
        }
        if (suppressed == 0) {
            write(format, args);
        } else {
            write(format + " [{} similar messages suppressed before this one]", withCount(args, suppressed));
        }
    }

    private void write(String format, Object[] args) {
        switch (level) {
            case ERROR -> log.error(format, args);
            case WARN -> log.warn(format, args);
            case INFO -> log.info(format, args);
            case DEBUG -> log.debug(format, args);
            default -> log.trace(format, args);
        }
    }

    /** Messages not written since this instance was created. */
    public synchronized long suppressedTotal() {
        return suppressedTotal;
    }

    /** The count goes before a trailing Throwable, which SLF4J takes as the exception. */
    private static Object[] withCount(Object[] args, long suppressed) {
        Object[] in = args == null ? new Object[0] : args;
        boolean throwable = in.length > 0 && in[in.length - 1] instanceof Throwable;
        Object[] out = Arrays.copyOf(in, in.length + 1);
        if (throwable) {
            out[in.length - 1] = suppressed;
            out[in.length] = in[in.length - 1];
        } else {
            out[in.length] = suppressed;
        }
        return out;
    }
}
