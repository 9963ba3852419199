package io.pbxbridge.connector.spi;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shared by every session of one bridge instance so that thousands of PBXes do not all log in at once
 * (bridge start, a hand-over moving many PBXes, a network coming back):
 * <ul>
 *   <li>at most {@code maxConcurrent} login exchanges run at a time; more wait, first come first served;</li>
 *   <li>{@link #startDelay()}: when more than {@code maxConcurrent} sessions start within
 *       {@code startSpread}, each further one waits a random time up to {@code startSpread} before its
 *       first login — a few sessions starting (one PBX, tests) are never delayed.</li>
 * </ul>
 * Thread-safe: sessions on different contexts share it. The waiting queue holds at most one ticket per
 * session (a session logs in single-flight), so it is bounded by the number of PBXes.
 */
public final class LoginThrottle {
    private final int maxConcurrent;
    private final Duration startSpread;
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private int inFlight;
    private int peakInFlight;
    private long windowStart;
    private int startsInWindow;

    /**
     * @param maxConcurrent login exchanges in progress at once (at least 1)
     * @param startSpread   how far first logins are spread when many sessions start at once; zero turns it off
     */
    public LoginThrottle(int maxConcurrent, Duration startSpread) {
        if (maxConcurrent < 1 || startSpread == null || startSpread.isNegative()) {
            throw new IllegalArgumentException("need maxConcurrent >= 1 and a start spread >= 0");
        }
        this.maxConcurrent = maxConcurrent;
        this.startSpread = startSpread;
    }

    /** No bound and no start delay: for a session on its own (tests, tools). */
    public static LoginThrottle unlimited() {
        return new LoginThrottle(Integer.MAX_VALUE, Duration.ZERO);
    }

    /** Asks for a login slot; {@link Ticket#granted()} completes (on any thread) when it is this one's turn. */
    public Ticket request() {
        Ticket ticket = new Ticket();
        boolean now;
        synchronized (this) {
            now = inFlight < maxConcurrent;
            if (now) {
                take(ticket);
            } else {
                waiting.addLast(ticket);
            }
        }
        if (now) {
            ticket.granted.complete();
        }
        return ticket;
    }

    /** How long a session starting now waits before its first login (zero unless many start at once). */
    public Duration startDelay() {
        if (startSpread.isZero()) {
            return Duration.ZERO;
        }
        synchronized (this) {
            long now = System.nanoTime();
            if (startsInWindow == 0 || now - windowStart > startSpread.toNanos()) {
                windowStart = now;
                startsInWindow = 0;
            }
            startsInWindow++;
            if (startsInWindow <= maxConcurrent) {
                return Duration.ZERO;
            }
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(startSpread.toMillis() + 1));
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int waiting() {
        return waiting.size();
    }

    /** The most login exchanges that ran at once so far. */
    public synchronized int peakInFlight() {
        return peakInFlight;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    private void take(Ticket ticket) {
        ticket.holding = true;
        inFlight++;
        peakInFlight = Math.max(peakInFlight, inFlight);
    }

    private void release(Ticket ticket) {
        Ticket next = null;
        synchronized (this) {
            if (!ticket.holding) {
                return;
            }
            ticket.holding = false;
            inFlight--;
            if (!waiting.isEmpty() && inFlight < maxConcurrent) {
                next = waiting.pollFirst();
                take(next);
            }
        }
        if (next != null) {
            next.granted.complete();
        }
    }

    private void cancel(Ticket ticket) {
        boolean removed;
        synchronized (this) {
            removed = waiting.remove(ticket);
        }
        if (removed) {
            ticket.granted.tryFail(new CancellationException("login no longer wanted"));
        }
    }

    /** One session's place in line for one login exchange. */
    public final class Ticket {
        private final Promise<Void> granted = Promise.promise();
        /** Guarded by the throttle. */
        private boolean holding;

        private Ticket() {
        }

        /** Completes when the login may start; fails when {@link #cancel()}led while waiting. */
        public Future<Void> granted() {
            return granted.future();
        }

        /** The login exchange is over (either way): the next waiting session may start. Idempotent. */
        public void release() {
            LoginThrottle.this.release(this);
        }

        /** The session stopped while waiting: leaves the line (no effect once granted). */
        public void cancel() {
            LoginThrottle.this.cancel(this);
        }
    }
}
