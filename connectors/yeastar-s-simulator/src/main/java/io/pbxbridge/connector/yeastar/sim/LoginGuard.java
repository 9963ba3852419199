package io.pbxbridge.connector.yeastar.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The PBX's API login lockout: {@code threshold} consecutive failed logins from one source IP lock
 * that IP for {@code lockDuration} (errno 20002). A success resets the count. Confined to the
 * simulator's event loop.
 */
final class LoginGuard {
    private final Clock clock;
    private final int threshold;
    private final Duration lockDuration;
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Instant> lockedUntil = new HashMap<>();
    private long accepted;
    private long refused;
    private long lockOuts;

    LoginGuard(Clock clock, int threshold, Duration lockDuration) {
        this.clock = clock;
        this.threshold = threshold;
        this.lockDuration = lockDuration;
    }

    boolean isLocked(String ip) {
        Instant until = lockedUntil.get(ip);
        if (until == null) {
            return false;
        }
        if (clock.instant().isBefore(until)) {
            return true;
        }
        lockedUntil.remove(ip);
        failures.remove(ip);
        return false;
    }

    /** Counts a failed login; the one that reaches the threshold starts the lock. */
    void failed(String ip) {
        refused++;
        int n = failures.merge(ip, 1, Integer::sum);
        if (n >= threshold) {
            lockOuts++;
            lockedUntil.put(ip, clock.instant().plus(lockDuration));
        }
    }

    void succeeded(String ip) {
        accepted++;
        failures.remove(ip);
    }

    /** Logins accepted, refused (wrong credentials) and lock-outs started, since start. */
    long accepted() {
        return accepted;
    }

    long refused() {
        return refused;
    }

    long lockOuts() {
        return lockOuts;
    }

    /** The admin's "Delete Blocked API IP". */
    void unlockAll() {
        failures.clear();
        lockedUntil.clear();
    }
}
