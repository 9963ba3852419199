package io.pbxbridge.bridge.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.bridge.session.SessionSupervisor;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Consumes the commands topic in the bridge's consumer group and publishes exactly one result per
 * command. Owns the sessions of the configured PBXes whose command partition is assigned here:
 * started on assignment, stopped (logged out) on revocation, after their running commands finished.
 *
 * <p>This class is the consumer's lifecycle (create, join, stop) and wires the parts, each of which
 * calls only the ones below it:
 * <pre>
 * CommandConsumer ─▶ CommandRecordHandler ─▶ CommandProcessor ─▶ CommandLanes
 *        │                 │   │                     └──▶ SessionOwnership (CommandRouting) ─▶ SessionSupervisor
 *        │                 │   └─▶ ResultPublisher ─▶ EventSink (Kafka)
 *        │                 └─▶ PartitionCommits, RecordsInFlight, PartitionFlowControl
 *        └─▶ PartitionHandover (rebalance callback) ─▶ PartitionCommits, PartitionFlowControl, SessionOwnership
 * </pre>
 * Offsets are committed only up to the first command whose result is not yet acknowledged by Kafka
 * ({@link PartitionCommits}), so a crash re-delivers exactly the unfinished commands; one that had
 * finished is then answered from the recorded results (the cache is warmed from the results topic when a
 * PBX moves here). Flow control pauses a partition while one of its PBX lanes is full and resumes it when
 * the lane drains ({@link PartitionFlowControl}); the consumer itself never stops polling, so the group
 * stays stable.
 *
 * <p>Hand-over: before partitions leave (rebalance or stop), their PBXes' running commands finish
 * (bounded), their sessions log out and their done offsets are committed — synchronously inside
 * Kafka's rebalance callback ({@link HandoverKafkaConsumer}, {@link PartitionHandover}), because Vert.x
 * runs its own handlers only after the group has moved on. So the next owner never logs in while this
 * one still is. The callback blocks the polling thread at most {@code shutdownTimeout} + 10 s
 * ({@link PartitionHandover#worstCase}). The partition assignment strategy defaults to cooperative-sticky:
 * a rebalance moves only the partitions that change owner, so other PBXes keep their sessions.
 *
 * <p>All state lives on the context {@link #start()} creates; nothing here blocks, and nothing waits by
 * polling: stop and hand-over wait on futures completed by the last command finishing.
 */
public final class CommandConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(CommandConsumer.class);
    /** Followed by the instance id, the consumer's client id: tells group members apart (the status page). */
    public static final String CLIENT_ID_PREFIX = "pbx-bridge-commands-";
    /**
     * How long the group coordinator waits for a silent member before giving its partitions (PBXes) to others:
     * the floor of the hand-over after a crash. Chosen by measurement (BENCHMARKS.md, "Faults"): with 10 s a
     * killed instance's PBXes are up elsewhere within the 15 s target on a loaded 2-core machine, and no member
     * was dropped spuriously under load; Kafka's 45 s default is what made hand-overs take 45 s. The broker
     * accepts 6–1800 s by default ({@code group.min/max.session.timeout.ms}).
     */
    static final long SESSION_TIMEOUT_MS = 10_000;
    /** Survivors hear of a rebalance with their next heartbeat: every second (a tenth of the session timeout). */
    static final long HEARTBEAT_INTERVAL_MS = 1_000;

    private final Vertx vertx;
    private final CommandSettings settings;
    private final PartitionOwnership configured;
    private final SessionSupervisor supervisor;
    private final EventSink sink;
    private final RecordCodec codec;
    private final BridgeInfo bridge;
    private final CommandMetrics metrics;
    private final CommandResultCache cache;
    private final Clock clock;
    private final String topic;
    private final ConsumerPhase phase = new ConsumerPhase();
    private final RecordsInFlight inFlight = new RecordsInFlight();
    private volatile boolean joined;
    /** Set when another process joined the group under this instance's {@code group.instance.id}. */
    private volatile boolean fenced;
    /** Set once, on the context, when the Kafka consumer exists (see {@link #start()}). */
    private volatile Parts parts;
    private Future<Void> startFuture;
    private Future<Void> stopped;

    /** The parts that need the context and the Kafka consumer. */
    private record Parts(Context context, KafkaConsumer<String, byte[]> consumer, CommandLanes lanes,
                         CommandProcessor processor, PartitionCommits commits, PartitionFlowControl flow,
                         SessionOwnership ownership, PartitionHandover handover, GroupLease lease) {
    }

    public CommandConsumer(Vertx vertx, CommandSettings settings, Collection<String> configuredPbxIds,
                           SessionSupervisor supervisor, EventSink sink, RecordCodec codec, BridgeInfo bridge,
                           MeterRegistry registry) {
        this(vertx, settings, configuredPbxIds, supervisor, sink, codec, bridge, registry, Clock.systemUTC());
    }

    public CommandConsumer(Vertx vertx, CommandSettings settings, Collection<String> configuredPbxIds,
                           SessionSupervisor supervisor, EventSink sink, RecordCodec codec, BridgeInfo bridge,
                           MeterRegistry registry, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.configured = new PartitionOwnership(configuredPbxIds);
        this.supervisor = supervisor;
        this.sink = sink;
        this.codec = codec;
        this.bridge = bridge;
        this.clock = clock;
        this.metrics = new CommandMetrics(registry, configured::isConfigured);
        this.cache = new CommandResultCache(settings.resultWindow(), settings.resultCacheMaxEntries(), clock);
        this.topic = settings.topic(BridgeTopic.COMMANDS);
    }

    /** Joins the group and starts consuming; completes once subscribed (assignment follows asynchronously). */
    public Future<Void> start() {
        Promise<Void> started = Promise.promise();
        Context context = vertx.getOrCreateContext();
        warnIfHandoverOutlastsRebalanceTimeout();
        // Creating a Kafka client resolves the bootstrap addresses (blocking DNS): not on the event loop.
        context.runOnContext(v -> vertx.executeBlocking(() -> new HandoverKafkaConsumer(new HashMap<>(consumerConfig()),
                        this::release), false)
                .compose(nativeConsumer -> {
                    Parts p = wire(context, KafkaConsumer.create(vertx, nativeConsumer));
                    parts = p;
                    long evictEvery = Math.max(1000, Math.min(settings.resultWindow().toMillis(), 60_000));
                    vertx.setPeriodic(evictEvery, id -> {
                        if (phase.stopping()) {
                            vertx.cancelTimer(id);
                        } else {
                            cache.evictExpired();
                        }
                    });
                    return p.consumer().subscribe(topic);
                })
                .onComplete(started));
        startFuture = started.future();
        return startFuture.onSuccess(v -> LOG.info("Command consumer {} joined group {} on {}",
                bridge.instanceId(), settings.groupId(), topic));
    }

    /** Builds the parts around the Vert.x consumer and gives it its handlers (on the context). */
    private Parts wire(Context context, KafkaConsumer<String, byte[]> consumer) {
        CommandLanes lanes = new CommandLanes(settings, metrics);
        GroupLease lease = new GroupLease(vertx, sessionTimeout());
        SessionOwnership ownership = new SessionOwnership(vertx, context, settings, configured, supervisor, lanes,
                new ResultCacheWarmer(vertx, settings, codec, cache), phase, bridge.instanceId(),
                () -> consumer.partitionsFor(topic).map(infos -> infos.size()), lease);
        CommandProcessor processor = new CommandProcessor(vertx, context, settings, configured, lanes, cache,
                new CommandResults(bridge, clock), metrics, ownership, clock);
        PartitionCommits commits = new PartitionCommits(vertx, consumer, topic, bridge.instanceId(),
                settings.commitInterval(), lease);
        PartitionFlowControl flow = new PartitionFlowControl(consumer, topic, commits, phase);
        lanes.onFull(flow::backlogFull);
        metrics.pausedGauge(flow, PartitionFlowControl::paused);
        ResultPublisher publisher = new ResultPublisher(vertx, context, sink, settings, phase, metrics, bridge, codec, clock);
        PartitionHandover handover = new PartitionHandover(vertx, context, topic, bridge.instanceId(),
                settings.shutdownTimeout(), PartitionHandover.LOGOUT_GRACE, phase, commits, flow, ownership, inFlight);

        // Partition pause/resume, commits and metadata calls queue behind the running poll: keep it short.
        consumer.pollTimeout(Duration.ofMillis(100));
        consumer.exceptionHandler(e -> {
            if (e instanceof FencedInstanceIdException) {
                onFenced();
            } else {
                LOG.warn("Command consumer error: {}", e.toString());
            }
        });
        consumer.partitionsAssignedHandler(assigned -> onAssigned(assigned, commits, ownership));
        consumer.partitionsRevokedHandler(revoked -> onRevoked(revoked, commits, flow, ownership));
        consumer.handler(new CommandRecordHandler(topic, phase, codec, clock, configured, commits, inFlight, flow,
                ownership, processor, publisher));
        return new Parts(context, consumer, lanes, processor, commits, flow, ownership, handover, lease);
    }

    /**
     * Stops fetching, lets the commands in flight finish (up to {@code shutdownTimeout}), commits what
     * is done, logs out the sessions it owned and leaves the group. Unfinished commands stay uncommitted
     * for the next owner.
     */
    public Future<Void> stop() {
        if (stopped != null) {
            return stopped;
        }
        Promise<Void> done = Promise.promise();
        stopped = done.future();
        if (startFuture == null) {
            done.complete();
            return stopped;
        }
        // A stop right after start waits for the consumer to exist (start itself never hangs).
        startFuture.transform(ar -> Future.succeededFuture()).onComplete(ignored -> {
            Parts p = parts;
            if (p == null) {
                done.complete();
                return;
            }
            p.context().runOnContext(v -> stop(p).onComplete(ar -> {
                LOG.info("Command consumer {} stopped", bridge.instanceId());
                done.complete();
            }));
        });
        return stopped;
    }

    private Future<Void> stop(Parts p) {
        phase.stop();
        Set<TopicPartition> all = partitions(p.commits().assigned());
        Future<Void> paused = all.isEmpty() ? Future.succeededFuture()
                : p.consumer().pause(all).recover(e -> Future.succeededFuture());
        return paused
                .compose(x -> ContextFutures.within(vertx, inFlight.whenNone(null), settings.shutdownTimeout(),
                        () -> LOG.warn("Commands still running for all PBXes after {}; giving up waiting",
                                settings.shutdownTimeout())))
                .compose(x -> {
                    p.processor().stopping();
                    p.lanes().releaseAll("bridge stopping");
                    return p.commits().commitNow();
                })
                // Log out before leaving the group, so the next owner never overlaps with this one.
                .eventually(() -> p.ownership().stopAll())
                .eventually(() -> {
                    phase.close();
                    return p.consumer().close().recover(e -> {
                        LOG.warn("Closing command consumer: {}", e.toString());
                        return Future.succeededFuture();
                    });
                });
    }

    /**
     * The configured PBXes changed (a reload): ownership is recomputed for the current assignment; sessions of
     * removed PBXes owned here stop, of added ones assigned here start, of changed ones owned here restart with the
     * new entry. Untouched sessions go on. Completes with the affected PBXes this instance owns(ed), which it
     * reports.
     */
    public Future<Set<String>> reconfigure(Collection<String> configuredPbxIds, Set<String> added, Set<String> removed,
                                           Set<String> changed) {
        configured.configured(configuredPbxIds);
        Parts p = parts;
        if (p == null) {
            return Future.succeededFuture(Set.of());
        }
        Promise<Set<String>> done = Promise.promise();
        p.context().runOnContext(v -> p.ownership().reconfigure(added, removed, changed).onComplete(done));
        return done.future();
    }

    /** PBXes whose sessions this instance runs (per the current assignment). */
    public Set<String> ownedPbxIds() {
        Parts p = parts;
        return p == null ? Set.of() : p.ownership().owned();
    }

    /** True once the group has handed this instance its first assignment (possibly empty), until it is fenced. */
    public boolean joined() {
        return joined && !fenced;
    }

    /** Why {@link #joined()} is false, for readiness. */
    public String notJoinedReason() {
        return fenced ? "another process joined the command group as instance " + bridge.instanceId()
                + " (group.instance.id): this one no longer executes commands; give every instance its own instance_id"
                : "not yet a member of the command consumer group";
    }

    /**
     * Another process joined under this instance's {@code group.instance.id} (two instances configured with one
     * {@code instance_id}, or a replacement started while this one was frozen): Kafka has given it our
     * partitions, so this instance stops — its sessions log out and it executes nothing more.
     */
    private void onFenced() {
        if (fenced) {
            return;
        }
        fenced = true;
        LOG.error("Another process joined command group {} as instance {} (group.instance.id): this instance stops"
                + " executing commands and logs its PBX sessions out; give every instance its own instance_id",
                settings.groupId(), bridge.instanceId());
        stop();
    }

    /** Partitions of the commands topic assigned here. */
    public Set<Integer> assignedPartitions() {
        Parts p = parts;
        return p == null ? Set.of() : p.commits().assigned();
    }

    public CommandMetrics metrics() {
        return metrics;
    }

    public CommandResultCache resultCache() {
        return cache;
    }

    // ------------------------------------------------------------------ group membership

    private void onAssigned(Set<TopicPartition> partitions, PartitionCommits commits, SessionOwnership ownership) {
        if (phase.stopping()) {
            return;
        }
        commits.assigned(numbers(partitions));
        LOG.info("Command partitions assigned to {}: {} (now {})", bridge.instanceId(), numbers(partitions),
                commits.assigned());
        ownership.assigned(commits.assigned());
        // Joined (ready) once the assignment is turned into owned PBXes: before, readiness said "owns no PBX".
        ownership.settled().onComplete(ar -> joined = true);
    }

    private void onRevoked(Set<TopicPartition> partitions, PartitionCommits commits, PartitionFlowControl flow,
                           SessionOwnership ownership) {
        // Commit what is done before forgetting the partitions (best effort: see class comment).
        commits.commitNow();
        Set<Integer> gone = numbers(partitions);
        commits.revoked(gone);
        flow.forget(gone);
        LOG.info("Command partitions revoked from {}: {} (now {})", bridge.instanceId(), gone, commits.assigned());
        if (!phase.stopping()) {
            ownership.assigned(commits.assigned());
        }
    }

    /** Kafka's rebalance callback (polling thread): the hand-over, once the parts exist. */
    private Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> release(
            Collection<org.apache.kafka.common.TopicPartition> partitions, boolean lost) {
        Parts p = parts;
        return p == null ? Map.of() : p.handover().release(partitions, lost);
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> consumerConfig() {
        Map<String, String> config = new HashMap<>();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID_PREFIX + bridge.instanceId());
        // A dead instance's PBXes move after the session timeout: see SESSION_TIMEOUT_MS (kafka.consumer overrides).
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(SESSION_TIMEOUT_MS));
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(HEARTBEAT_INTERVAL_MS));
        config.putAll(settings.kafkaConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // Offsets are committed only after results are published: never automatically.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return config;
    }

    /** The consumer's effective {@code session.timeout.ms} (the lease of {@link GroupLease} derives from it). */
    private Duration sessionTimeout() {
        String value = consumerConfig().get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        try {
            return Duration.ofMillis(Long.parseLong(value.trim()));
        } catch (RuntimeException e) {
            return Duration.ofMillis(SESSION_TIMEOUT_MS); // the Kafka client refuses a bad value itself
        }
    }

    /** The group waits for a member's rebalance callback at most max.poll.interval.ms. */
    private void warnIfHandoverOutlastsRebalanceTimeout() {
        Duration worst = PartitionHandover.worstCase(settings.shutdownTimeout());
        String configuredInterval = settings.kafkaConfig().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        long interval;
        try {
            interval = configuredInterval == null ? 300_000 : Long.parseLong(configuredInterval.trim());
        } catch (NumberFormatException e) {
            return; // the Kafka client refuses it with its own message
        }
        if (worst.toMillis() >= interval) {
            LOG.warn("A command partition hand-over may block up to {} ms, not less than max.poll.interval.ms ({} ms):"
                    + " a slow hand-over would make the group drop this instance", worst.toMillis(), interval);
        }
    }

    private Set<TopicPartition> partitions(Collection<Integer> numbers) {
        Set<TopicPartition> set = new HashSet<>();
        for (int n : numbers) {
            set.add(new TopicPartition(topic, n));
        }
        return set;
    }

    private Set<Integer> numbers(Set<TopicPartition> partitions) {
        Set<Integer> n = new TreeSet<>();
        partitions.forEach(tp -> {
            if (tp.getTopic().equals(topic)) {
                n.add(tp.getPartition());
            }
        });
        return n;
    }
}
