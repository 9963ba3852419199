package io.pbxbridge.connector.yeastar.sim;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault injection for the simulated PBX. Request faults apply to API requests in arrival order:
 * a dropped connection first, then an injected HTTP status, then the response delay.
 */
public final class SimFaults {
    private final YeastarSimulator sim;
    final AtomicReference<Duration> slow = new AtomicReference<>(Duration.ZERO);
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger failStatus = new AtomicInteger(500);
    final AtomicInteger dropNext = new AtomicInteger();

    SimFaults(YeastarSimulator sim) {
        this.sim = sim;
    }

    /**
     * Simulates a PBX restart: every token and live call is gone (clients get 20004), IP locks are
     * kept (they are PBX configuration), and {@code BootUp} is pushed to the last registered report
     * target. The docs send BootUp "only if the app is logged in"; the PBX remembers the app server
     * it was connected to before the restart, so the BootUp goes there and tells the client to log in
     * again. Reports already queued are still delivered.
     */
    public void reboot() {
        sim.reboot();
    }

    /** Every API response is delayed by {@code delay} (zero to switch off). */
    public void slowResponses(Duration delay) {
        slow.set(delay == null ? Duration.ZERO : delay);
    }

    /** The next {@code n} API requests are answered with {@code httpStatus} and no body. */
    public void failNext(int n, int httpStatus) {
        failStatus.set(httpStatus);
        failNext.set(n);
    }

    /** The next {@code n} API requests get their connection closed without any answer. */
    public void dropConnections(int n) {
        dropNext.set(n);
    }

    /** Every current token times out now (next use → 20006). */
    public void expireTokens() {
        sim.onContext(sim::expireTokensNow);
    }

    public void pauseReports() {
        sim.onContext(sim::pauseReportsNow);
    }

    public void resumeReports() {
        sim.onContext(sim::resumeReportsNow);
    }

    /** The admin's "Delete Blocked API IP": lifts every login lock. */
    public void unlockIps() {
        sim.onContext(sim::unlockNow);
    }

    /** Clears the request faults (slow, failNext, dropConnections). */
    public void clear() {
        slow.set(Duration.ZERO);
        failNext.set(0);
        dropNext.set(0);
    }
}
