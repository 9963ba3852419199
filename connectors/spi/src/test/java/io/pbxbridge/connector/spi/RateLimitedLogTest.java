package io.pbxbridge.connector.spi;

import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedLogTest {

    /** Records what would be written, formatted, with the exception's message. */
    static final class RecordingLogger extends AbstractLogger {
        final List<String> lines = new ArrayList<>();

        RecordingLogger() {
            this.name = "test";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args) + (t == null ? "" : " ! " + t.getMessage()));
        }

        // @formatter:off
        @Override public boolean isTraceEnabled() { return false; }
        @Override public boolean isTraceEnabled(Marker marker) { return false; }
        @Override public boolean isDebugEnabled() { return false; }
        @Override public boolean isDebugEnabled(Marker marker) { return false; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker marker) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }
        // @formatter:on
    }

    @Test
    void aFloodWritesTheBurstPerWindowAndTheNextLineCountsWhatWasSuppressed() {
        RecordingLogger logger = new RecordingLogger();
        AtomicLong now = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(logger, Level.WARN, 3, Duration.ofSeconds(10), now::get);

        for (int i = 0; i < 1000; i++) {
            log.log("bad report {} from {}", i, "hq");
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        log.log("bad report {} from {}", 1000, "hq");

        assertThat(logger.lines).containsExactly(
                "WARN bad report 0 from hq", "WARN bad report 1 from hq", "WARN bad report 2 from hq",
                "WARN bad report 1000 from hq [997 similar messages suppressed before this one]");
        assertThat(log.suppressedTotal()).isEqualTo(997);
    }

    @Test
    void aTrailingExceptionStaysTheException() {
        RecordingLogger logger = new RecordingLogger();
        AtomicLong now = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(logger, Level.INFO, 1, Duration.ofSeconds(1), now::get);

        log.log("failed {}", "x", new IllegalStateException("boom"));
        log.log("failed {}", "y", new IllegalStateException("boom"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        log.log("failed {}", "z", new IllegalStateException("boom"));

        assertThat(logger.lines).containsExactly("INFO failed x ! boom",
                "INFO failed z [1 similar messages suppressed before this one] ! boom");
    }

    @Test
    void aQuietStreamIsNeverLimited() {
        RecordingLogger logger = new RecordingLogger();
        AtomicLong now = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(logger, Level.WARN, 2, Duration.ofSeconds(10), now::get);

        for (int i = 0; i < 10; i++) {
            log.log("event {}", i);
            now.addAndGet(Duration.ofSeconds(6).toNanos());
        }

        assertThat(logger.lines).hasSize(10);
        assertThat(log.suppressedTotal()).isZero();
    }
}
