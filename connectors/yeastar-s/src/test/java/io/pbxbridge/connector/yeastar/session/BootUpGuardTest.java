package io.pbxbridge.connector.yeastar.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static io.pbxbridge.connector.yeastar.session.BootUpGuard.Decision.ALREADY_DEFERRED;
import static io.pbxbridge.connector.yeastar.session.BootUpGuard.Decision.DEFER;
import static io.pbxbridge.connector.yeastar.session.BootUpGuard.Decision.IGNORE_STALE;
import static io.pbxbridge.connector.yeastar.session.BootUpGuard.Decision.RELOGIN_NOW;
import static org.assertj.core.api.Assertions.assertThat;

class BootUpGuardTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private final AtomicLong nanos = new AtomicLong();
    private final BootUpGuard guard = new BootUpGuard(Duration.ofSeconds(60), nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void oneReloginPerIntervalAndTheRestFoldedIntoOneLaterCheck() {
        guard.tokenConfirmed(T0);
        assertThat(guard.onBootUp(T0.plusSeconds(1))).isEqualTo(RELOGIN_NOW);
        guard.tokenConfirmed(T0.plusSeconds(1)); // the re-login was sent when the BootUp came

        assertThat(guard.onBootUp(T0.plusSeconds(2))).isEqualTo(DEFER);
        for (int i = 3; i < 500; i++) {
            assertThat(guard.onBootUp(T0.plusSeconds(i))).isEqualTo(ALREADY_DEFERRED);
        }
        assertThat(guard.untilNextAllowed()).isEqualTo(Duration.ofSeconds(60));
        advance(Duration.ofSeconds(60));
        assertThat(guard.deferredDue()).as("BootUps newer than the last success call for one re-login").isTrue();
        assertThat(guard.onBootUp(T0.plusSeconds(600))).as("that re-login starts a new interval").isEqualTo(DEFER);
    }

    @Test
    void aBootUpOlderThanTheLastSuccessIsStale() {
        guard.tokenConfirmed(T0.plusSeconds(10));

        assertThat(guard.onBootUp(T0.plusSeconds(9))).isEqualTo(IGNORE_STALE);
        assertThat(guard.onBootUp(T0.plusSeconds(11))).isEqualTo(RELOGIN_NOW);
    }

    @Test
    void aHeartbeatSucceedingAfterTheDeferredBootUpsCancelsTheirRelogin() {
        assertThat(guard.onBootUp(T0)).isEqualTo(RELOGIN_NOW);
        guard.tokenConfirmed(T0);
        assertThat(guard.onBootUp(T0.plusSeconds(5))).isEqualTo(DEFER);
        guard.tokenConfirmed(T0.plusSeconds(30)); // the session's own heartbeat

        advance(Duration.ofSeconds(60));
        assertThat(guard.deferredDue()).isFalse();
    }
}
