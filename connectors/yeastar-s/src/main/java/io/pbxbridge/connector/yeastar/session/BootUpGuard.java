package io.pbxbridge.connector.yeastar.session;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Decides what a {@code BootUp} report does to a session. A BootUp means the PBX rebooted and forgot
 * the bridge's token, so the session logs in again; but anyone who knows the report URL can send
 * BootUps, and a PBX re-sends unacknowledged ones, so they must not make the bridge hammer the PBX:
 * <ul>
 *   <li>a BootUp received before the session's own login or heartbeat last succeeded is stale (that
 *       success proves the token survived it): ignored;</li>
 *   <li>at most one BootUp re-login per {@code minInterval}; BootUps in between are folded into one
 *       re-login at the end of the interval, which the stale rule may then skip.</li>
 * </ul>
 * A real second reboot within the interval is still noticed then, or sooner by a failing heartbeat
 * or command (both log in again on an unknown token). Not thread-safe: used on the session's context.
 */
final class BootUpGuard {
    enum Decision { RELOGIN_NOW, DEFER, IGNORE_STALE, ALREADY_DEFERRED }

    private final long minIntervalNanos;
    private final LongSupplier nanoClock;
    private Instant tokenConfirmedAt = Instant.MIN;
    private long lastReloginNanos;
    private boolean reloggedIn;
    private Instant deferredReceivedAt;

    BootUpGuard(Duration minInterval, LongSupplier nanoClock) {
        this.minIntervalNanos = minInterval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The PBX accepted the token (login or heartbeat) at {@code at}. */
    void tokenConfirmed(Instant at) {
        if (at.isAfter(tokenConfirmedAt)) {
            tokenConfirmedAt = at;
        }
    }

    Decision onBootUp(Instant receivedAt) {
        if (receivedAt != null && receivedAt.isBefore(tokenConfirmedAt)) {
            return Decision.IGNORE_STALE;
        }
        if (deferredReceivedAt != null) {
            if (receivedAt != null && receivedAt.isAfter(deferredReceivedAt)) {
                deferredReceivedAt = receivedAt;
            }
            return Decision.ALREADY_DEFERRED;
        }
        long now = nanoClock.getAsLong();
        if (reloggedIn && now - lastReloginNanos < minIntervalNanos) {
            deferredReceivedAt = receivedAt == null ? Instant.MAX : receivedAt;
            return Decision.DEFER;
        }
        reloggedIn = true;
        lastReloginNanos = now;
        return Decision.RELOGIN_NOW;
    }

    /** How long until a deferred BootUp may log in again. */
    Duration untilNextAllowed() {
        long left = minIntervalNanos - (nanoClock.getAsLong() - lastReloginNanos);
        return Duration.ofNanos(Math.max(0, left));
    }

    /** The deferred check is due: true when the folded BootUps still call for a re-login. */
    boolean deferredDue() {
        Instant received = deferredReceivedAt;
        deferredReceivedAt = null;
        if (received == null || !received.isAfter(tokenConfirmedAt)) {
            return false;
        }
        reloggedIn = true;
        lastReloginNanos = nanoClock.getAsLong();
        return true;
    }
}
