package io.pbxbridge.bridge.command;

import io.pbxbridge.bridge.session.SessionSupervisor;
import io.pbxbridge.connector.spi.PbxSession;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which configured PBXes this instance owns (those whose command partition is assigned here,
 * {@link PartitionOwnership}) and their sessions: started when a PBX arrives, stopped (logged out) when it
 * leaves, once its running commands finished (bounded by {@code shutdownTimeout}). Operations on one PBX's
 * session run one after the other, so a stop never overtakes a start. A PBX that arrives first has its
 * recent results loaded ({@link ResultCacheWarmer}) before its commands run.
 *
 * <p>Answers the {@link CommandProcessor}'s questions ({@link CommandRouting}); calls only the supervisor,
 * the lanes and the warmer. Not thread-safe: use it from the command consumer's context ({@link #owns} and
 * {@link #owned} may be read from anywhere).
 */
final class SessionOwnership implements CommandRouting {
    private static final Logger LOG = LoggerFactory.getLogger(SessionOwnership.class);

    private final Vertx vertx;
    private final Context context;
    private final CommandSettings settings;
    private final PartitionOwnership configured;
    private final SessionSupervisor supervisor;
    private final CommandLanes lanes;
    private final ResultCacheWarmer warmer;
    private final ConsumerPhase phase;
    private final String instanceId;
    private final Supplier<Future<Integer>> partitionCount;
    private final GroupLease lease;
    private volatile Set<String> owned = Set.of();
    private volatile int partitions;
    private Set<Integer> assignedPartitions = Set.of();
    private final Map<String, Future<Void>> sessionOps = new HashMap<>();
    private final Map<String, Future<Void>> warmups = new HashMap<>();
    private Future<Void> recomputed = Future.succeededFuture();

    /**
     * @param partitionCount the partition count of the commands topic (asked of Kafka at each rebalance)
     * @param lease          proof of group membership, checked before every PBX call ({@link #confirm})
     */
    SessionOwnership(Vertx vertx, Context context, CommandSettings settings, PartitionOwnership configured,
                     SessionSupervisor supervisor, CommandLanes lanes, ResultCacheWarmer warmer, ConsumerPhase phase,
                     String instanceId, Supplier<Future<Integer>> partitionCount, GroupLease lease) {
        this.vertx = vertx;
        this.context = context;
        this.settings = settings;
        this.configured = configured;
        this.supervisor = supervisor;
        this.lanes = lanes;
        this.warmer = warmer;
        this.phase = phase;
        this.instanceId = instanceId;
        this.partitionCount = partitionCount;
        this.lease = lease;
    }

    Set<String> owned() {
        return owned;
    }

    // ------------------------------------------------------------------ CommandRouting

    @Override
    public boolean owns(String pbxId) {
        // Still true while stopping: fetched commands may finish within the shutdown bound.
        return owned.contains(pbxId);
    }

    @Override
    public Future<PbxSession> session(String pbxId) {
        if (!owns(pbxId)) {
            return Future.failedFuture(new NotOwnedException(pbxId));
        }
        Future<Void> op = sessionOps.get(pbxId);
        if (op == null || op.failed()) {
            // Not started yet, or its start failed: (re)start it; the processor's retry loop calls again later.
            op = startSession(pbxId);
        }
        return op.compose(v -> supervisor.session(pbxId)
                .map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(new IllegalStateException("session not running"))));
    }

    /**
     * True once this instance has proved it is still a group member ({@link GroupLease}) while owning the PBX;
     * false as soon as it no longer owns it. Waits while neither is known (a probe commit is under way, or this
     * process was paused and its consumer has not yet heard whether it was dropped).
     */
    @Override
    public Future<Boolean> confirm(String pbxId) {
        if (!owns(pbxId)) {
            return Future.succeededFuture(false);
        }
        if (lease.valid()) {
            return Future.succeededFuture(true);
        }
        return lease.current().compose(v -> confirm(pbxId));
    }

    @Override
    public Future<Void> ready(String pbxId) {
        return warmups.getOrDefault(pbxId, Future.succeededFuture());
    }

    // ------------------------------------------------------------------ changes

    /**
     * Completes once the latest assignment has been turned into owned PBXes. Records of a newly assigned
     * partition wait for it, in fetch order, or they would be refused as "not owned".
     */
    Future<Void> settled() {
        return recomputed;
    }

    /** Recomputes the owned PBXes for {@code assigned} and starts/stops sessions; applied in order. */
    void assigned(Set<Integer> assigned) {
        Set<Integer> snapshot = Set.copyOf(assigned);
        recomputed = recomputed.transform(ignored -> countPartitions(1).map(count -> {
            if (count > 0 && !phase.stopping()) {
                partitions = count;
                assignedPartitions = snapshot;
                apply(configured.owned(snapshot, count), "moved to another instance");
            }
            return null;
        }));
    }

    /**
     * The configured PBXes changed (the {@link PartitionOwnership} already holds the new set): owned PBXes are
     * recomputed for the current assignment; a removed one's session stops, an added one's starts when its
     * partition is here, a changed one's restarts with the new entry (after its running commands, bounded).
     * Sessions of other PBXes are not touched. Applied in order with the assignments. Completes with the affected
     * PBXes this instance owned or owns now.
     */
    Future<Set<String>> reconfigure(Set<String> added, Set<String> removed, Set<String> changed) {
        Promise<Set<String>> affected = Promise.promise();
        recomputed = recomputed.transform(ignored -> {
            int count = partitions;
            if (count <= 0 || phase.stopping()) {
                affected.complete(Set.of());
                return Future.succeededFuture();
            }
            Set<String> before = owned;
            Set<String> next = configured.owned(assignedPartitions, count);
            Set<String> mine = new TreeSet<>();
            removed.stream().filter(before::contains).forEach(mine::add);
            added.stream().filter(next::contains).forEach(mine::add);
            Set<String> restart = new TreeSet<>();
            changed.stream().filter(id -> before.contains(id) && next.contains(id)).forEach(restart::add);
            mine.addAll(restart);
            apply(next, "removed from the configuration");
            for (String pbxId : restart) {
                restartSession(pbxId);
            }
            if (!restart.isEmpty()) {
                LOG.info("Restarting {} session(s) whose configuration changed: {}", restart.size(), sample(restart));
            }
            affected.complete(Set.copyOf(mine));
            return Future.succeededFuture();
        });
        return affected.future();
    }

    /**
     * Hand-over: the PBXes of {@code leavingPartitions} are no longer owned and their waiting commands are
     * dropped (left uncommitted for the next owner). Returns them; {@link #stop} logs them out.
     */
    Set<String> leave(Collection<Integer> leavingPartitions) {
        Set<String> leaving = new TreeSet<>();
        int count = partitions;
        if (count > 0) {
            for (String pbxId : owned) {
                if (leavingPartitions.contains(PartitionOwnership.partitionOf(pbxId, count))) {
                    leaving.add(pbxId);
                }
            }
        }
        Set<String> next = new HashSet<>(owned);
        next.removeAll(leaving);
        owned = Set.copyOf(next);
        lease.ownershipChanged();
        int dropped = 0;
        for (String pbxId : leaving) {
            int d = lanes.release(pbxId, "PBX " + pbxId + " moved to another instance");
            dropped += d;
            LOG.debug("PBX {} leaves {} ({} waiting commands left to the new owner)", pbxId, instanceId, d);
        }
        if (!leaving.isEmpty()) {
            LOG.info("{} PBX(es) leave {}: {} ({} waiting commands left to the new owner)", leaving.size(), instanceId,
                    sample(leaving), dropped);
        }
        return leaving;
    }

    /** Stops the sessions of PBXes no longer owned; completes when all are logged out (never fails). */
    Future<Void> stop(Collection<String> pbxIds) {
        List<Future<Void>> stops = new ArrayList<>();
        for (String pbxId : pbxIds) {
            stops.add(stopSession(pbxId));
        }
        return Future.join(stops).transform(ar -> Future.succeededFuture());
    }

    /** The bridge stops: owns nothing any more; every session logs out. */
    Future<Void> stopAll() {
        Set<String> mine = owned;
        owned = Set.of();
        lease.ownershipChanged();
        return stop(mine);
    }

    // ------------------------------------------------------------------ internals

    /** The partition count of the commands topic, retried while metadata is unavailable (0 = gave up). */
    private Future<Integer> countPartitions(int attempt) {
        return partitionCount.get()
                .compose(n -> n > 0 ? Future.succeededFuture(n)
                        : Future.<Integer>failedFuture(new IllegalStateException("no partitions known")))
                .recover(e -> {
                    if (phase.stopping() || attempt >= 20) {
                        LOG.error("Cannot read the partition count of the commands topic ({}): ownership not updated",
                                e.toString());
                        return Future.succeededFuture(0);
                    }
                    LOG.warn("Cannot read the partition count of the commands topic yet ({}); retrying", e.toString());
                    Promise<Void> wait = Promise.promise();
                    vertx.setTimer(500, id -> wait.complete());
                    return wait.future().compose(v -> countPartitions(attempt + 1));
                });
    }

    /** @param why why PBXes no longer owned leave (logs and the dropped commands' reason) */
    private void apply(Set<String> next, String why) {
        Set<String> previous = owned;
        owned = Set.copyOf(next);
        lease.ownershipChanged();
        Set<String> gained = new TreeSet<>(next);
        gained.removeAll(previous);
        Set<String> lost = new TreeSet<>(previous);
        lost.removeAll(next);
        int dropped = 0;
        for (String pbxId : lost) {
            int d = lanes.release(pbxId, "PBX " + pbxId + " " + why);
            dropped += d;
            LOG.debug("PBX {} {}: leaves {} ({} waiting commands dropped)", pbxId, why, instanceId, d);
            stopSession(pbxId);
        }
        if (!lost.isEmpty()) {
            LOG.info("{} PBX(es) {}: no longer owned by {}: {} ({} waiting commands left uncommitted)", lost.size(), why,
                    instanceId, sample(lost), dropped);
        }
        if (!gained.isEmpty()) {
            LOG.info("{} PBX(es) now owned by {} (of {}): {}", gained.size(), instanceId, next.size(), sample(gained));
            if (settings.warmResultCache()) {
                Future<Void> warm = warmer.warm(gained).transform(ar -> Future.<Void>succeededFuture());
                Future<Void> onContext = ContextFutures.on(context, warm);
                for (String pbxId : gained) {
                    warmups.put(pbxId, onContext);
                }
            }
            for (String pbxId : gained) {
                startSession(pbxId);
            }
        }
    }

    /** At most ten ids, then how many more: a hand-over of thousands stays one readable line. */
    static String sample(Set<String> ids) {
        if (ids.size() <= 10) {
            return ids.toString();
        }
        return ids.stream().limit(10).toList().toString().replace("]", ", … " + (ids.size() - 10) + " more]");
    }

    /** Stops a PBX's session (after its running commands, bounded) and starts it again with its current entry. */
    private void restartSession(String pbxId) {
        Future<Void> previous = sessionOps.getOrDefault(pbxId, Future.succeededFuture());
        Future<Void> op = previous.transform(ar -> ContextFutures.within(vertx, lanes.whenNothingRunning(pbxId),
                        settings.shutdownTimeout(), () -> LOG.warn("Commands still running for PBX {} after {}; restarting"
                                + " its session anyway", pbxId, settings.shutdownTimeout())))
                .transform(ar -> ContextFutures.on(context, supervisor.stop(pbxId)))
                .transform(ar -> owned.contains(pbxId) ? ContextFutures.on(context, supervisor.start(pbxId))
                        : Future.<Void>succeededFuture());
        sessionOps.put(pbxId, op);
        op.onFailure(e -> LOG.warn("Restarting the session of PBX {} failed: {}", pbxId, e.toString()));
    }

    private Future<Void> startSession(String pbxId) {
        Future<Void> previous = sessionOps.getOrDefault(pbxId, Future.succeededFuture());
        Future<Void> op = previous.transform(ar -> ContextFutures.on(context, supervisor.start(pbxId)));
        sessionOps.put(pbxId, op);
        return op;
    }

    /** Stops a PBX's session once its running commands are done (bounded), after any pending start. */
    private Future<Void> stopSession(String pbxId) {
        Future<Void> previous = sessionOps.getOrDefault(pbxId, Future.succeededFuture());
        Future<Void> op = previous.transform(ar -> ContextFutures.within(vertx, lanes.whenNothingRunning(pbxId),
                        settings.shutdownTimeout(), () -> LOG.warn("Commands still running for PBX {} after {}; giving up waiting",
                                pbxId, settings.shutdownTimeout())))
                .transform(ar -> owned.contains(pbxId) ? Future.succeededFuture()
                        : ContextFutures.on(context, supervisor.stop(pbxId)))
                .recover(e -> {
                    LOG.warn("Stopping the session of PBX {} failed: {}", pbxId, e.toString());
                    return Future.succeededFuture();
                });
        sessionOps.put(pbxId, op);
        return op;
    }
}
