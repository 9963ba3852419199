package io.pbxbridge.connector.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    @Test
    void grantsAtMostTheBoundFirstComeFirstServed() {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ZERO);
        List<LoginThrottle.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tickets.add(throttle.request());
        }
        assertThat(tickets).extracting(t -> t.granted().succeeded()).containsExactly(true, true, false, false, false);
        assertThat(throttle.inFlight()).isEqualTo(2);
        assertThat(throttle.waiting()).isEqualTo(3);

        tickets.get(1).release();
        assertThat(tickets.get(2).granted().succeeded()).isTrue();
        assertThat(tickets.get(3).granted().isComplete()).isFalse();
        tickets.get(1).release(); // idempotent: frees nothing twice
        assertThat(tickets.get(3).granted().isComplete()).isFalse();

        tickets.get(0).release();
        tickets.get(2).release();
        tickets.get(3).release();
        tickets.get(4).release();
        assertThat(throttle.inFlight()).isZero();
        assertThat(throttle.peakInFlight()).isEqualTo(2);
    }

    @Test
    void aCancelledTicketLeavesTheLineAndAGrantedOneIsNotCancelled() {
        LoginThrottle throttle = new LoginThrottle(1, Duration.ZERO);
        LoginThrottle.Ticket running = throttle.request();
        LoginThrottle.Ticket leaving = throttle.request();
        LoginThrottle.Ticket next = throttle.request();

        leaving.cancel();
        assertThat(leaving.granted().failed()).isTrue();
        running.cancel();
        assertThat(throttle.inFlight()).as("cancel does not free a granted slot").isOne();

        running.release();
        assertThat(next.granted().succeeded()).as("the cancelled one was skipped").isTrue();
        assertThat(throttle.waiting()).isZero();
    }

    @Test
    void spreadsFirstLoginsOnlyWhenMoreThanTheBoundStartTogether() {
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(4));
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            delays.add(throttle.startDelay());
        }
        assertThat(delays.subList(0, 3)).as("a few sessions start at once").containsOnly(Duration.ZERO);
        assertThat(delays.subList(3, 40)).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(4)));
        assertThat(delays.subList(3, 40).stream().distinct().count()).as("jittered, not one fixed delay").isGreaterThan(5);

        assertThat(LoginThrottle.unlimited().startDelay()).isZero();
        assertThat(new LoginThrottle(1, Duration.ZERO).startDelay()).isZero();
    }
}
