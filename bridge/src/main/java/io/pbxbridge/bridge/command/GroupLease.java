package io.pbxbridge.bridge.command;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Proof that this instance is still a member of the command group, so a PBX call is never started by an
 * instance whose partitions may already have moved (a "zombie": a process paused by a long GC, a frozen VM
 * or {@code SIGSTOP}, that resumes with commands in its lanes before it has heard it was dropped).
 *
 * <p>The proof is an offset commit the group coordinator accepted: it validates the member id and
 * generation (a dropped or replaced member is refused) and, in the classic group protocol, restarts the
 * member's session timer. So if a commit sent at local time {@code t} succeeded, the coordinator cannot have
 * expired this member before {@code t + session.timeout.ms}, and with the cooperative assignor a partition
 * leaves a live member only through its own revocation callback (which takes the PBX away first). The lease
 * therefore runs {@code session.timeout.ms} minus a safety {@link #MARGIN} from the moment the commit was
 * handed to the consumer (earlier than it was sent: conservative), on this JVM's monotonic clock.
 *
 * <p>Renewed by every successful commit ({@link PartitionCommits}); when a command finds it expired (after an
 * idle spell, or after this process was paused) it asks for a probe commit and waits. A zombie's probe is
 * refused; it then learns from its consumer that its partitions are gone and drops their commands. Waiters are
 * also woken when ownership changes, to re-check whether they still own their PBX.
 *
 * <p>Not thread-safe: use it from the command consumer's context.
 */
final class GroupLease {
    /** Kept off the session timeout: clock-rate drift and the coordinator's expiry-check granularity. */
    static final Duration MARGIN = Duration.ofSeconds(1);
    /** Probes are repeated no faster than this while someone waits (e.g. during a rebalance). */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

    private final Vertx vertx;
    private final long leaseNanos;
    private final LongSupplier nanoTime;
    private Supplier<Future<Boolean>> probe = () -> Future.succeededFuture(false);
    private long validUntil;
    private boolean everRenewed;
    private boolean probing;
    private long retryTimer = -1;
    private final List<Promise<Void>> waiters = new ArrayList<>();

    /** @param sessionTimeout the command consumer's {@code session.timeout.ms} */
    GroupLease(Vertx vertx, Duration sessionTimeout) {
        this(vertx, sessionTimeout, System::nanoTime);
    }

    GroupLease(Vertx vertx, Duration sessionTimeout, LongSupplier nanoTime) {
        this.vertx = vertx;
        Duration lease = sessionTimeout.minus(MARGIN);
        this.leaseNanos = Math.max(0, lease.toNanos());
        this.nanoTime = nanoTime;
    }

    /** How a renewal is obtained: a commit of offsets already committable; completes true when accepted. */
    void probeWith(Supplier<Future<Boolean>> probe) {
        this.probe = probe;
    }

    /** A commit handed to the consumer at {@code sentAtNanos} was accepted by the coordinator. */
    void renewed(long sentAtNanos) {
        long until = sentAtNanos + leaseNanos;
        if (!everRenewed || until - validUntil > 0) {
            validUntil = until;
        }
        everRenewed = true;
        if (valid()) {
            wake();
        }
    }

    boolean valid() {
        return everRenewed && validUntil - nanoTime.getAsLong() > 0;
    }

    /** Milliseconds the lease still runs (0 when expired): for logs and tests. */
    long remainingMillis() {
        return everRenewed ? Math.max(0, (validUntil - nanoTime.getAsLong()) / 1_000_000) : 0;
    }

    /**
     * Completes at once while the lease is valid; otherwise once a probe renewed it or ownership changed
     * ({@link #ownershipChanged}) — the caller then checks again that it still owns its PBX. Never fails.
     */
    Future<Void> current() {
        if (valid()) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        waiters.add(p);
        probeNow();
        return p.future();
    }

    /** Partitions came or went: waiters re-check their ownership. */
    void ownershipChanged() {
        wake();
    }

    private void probeNow() {
        if (probing || waiters.isEmpty()) {
            return;
        }
        probing = true;
        probe.get().onComplete(ar -> {
            probing = false;
            if (valid()) {
                wake();
            } else if (!waiters.isEmpty() && retryTimer < 0) {
                retryTimer = vertx.setTimer(PROBE_INTERVAL.toMillis(), id -> {
                    retryTimer = -1;
                    probeNow();
                });
            }
        });
    }

    private void wake() {
        if (waiters.isEmpty()) {
            return;
        }
        List<Promise<Void>> woken = List.copyOf(waiters);
        waiters.clear();
        woken.forEach(Promise::tryComplete);
    }
}
