package io.pbxbridge.bridge.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.bridge.session.SessionSupervisor;
import io.pbxbridge.connector.spi.Backoff;
import io.pbxbridge.connector.spi.RateLimitedLog;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consumes the commands topic in the bridge's consumer group and publishes exactly one result per
 * command. Owns the sessions of the configured PBXes whose command partition is assigned here:
 * started on assignment, stopped (logged out) on revocation, after their running commands finished.
 *
 * <p>Offsets are committed only up to the first command whose result is not yet acknowledged by
 * Kafka ({@link PartitionProgress}), so a crash re-delivers exactly the unfinished commands; one that
 * had finished is then answered from the recorded results (the cache is warmed from the results topic
 * when a PBX moves here). Flow control pauses a partition while one of its PBX lanes is full and
 * resumes it when the lane drains; the consumer itself never stops polling, so the group stays stable.
 *
 * <p>Hand-over: before partitions leave (rebalance or stop), their PBXes' running commands finish
 * (bounded), their sessions log out and their done offsets are committed — synchronously inside
 * Kafka's rebalance callback ({@link HandoverKafkaConsumer}), because Vert.x runs its own handlers only
 * after the group has moved on. So the next owner never logs in while this one still is. The partition
 * assignment strategy defaults to cooperative-sticky: a rebalance moves only the partitions that change
 * owner, so other PBXes keep their sessions.
 *
 * <p>All state lives on the context {@link #start()} creates; nothing here blocks.
 */
public final class CommandConsumer implements CommandRouting {
    private static final Logger LOG = LoggerFactory.getLogger(CommandConsumer.class);
    /** Followed by the instance id, the consumer's client id: tells group members apart (the status page). */
    public static final String CLIENT_ID_PREFIX = "pbx-bridge-commands-";
    /** Anyone who can write to the commands topic can write junk: a flood costs a few lines. */
    private final RateLimitedLog undecodableLog = RateLimitedLog.warn(LOG);

    private final Vertx vertx;
    private final CommandSettings settings;
    private final PartitionOwnership ownership;
    private final SessionSupervisor supervisor;
    private final EventSink sink;
    private final RecordCodec codec;
    private final BridgeInfo bridge;
    private final CommandMetrics metrics;
    private final CommandResultCache cache;
    private final Clock clock;
    private volatile boolean joined;
    private final String commandsTopic;

    private Context context;
    private KafkaConsumer<String, byte[]> consumer;
    private CommandProcessor processor;
    private ResultCacheWarmer warmer;
    private final Set<Integer> assigned = new TreeSet<>();
    private final Map<Integer, PartitionProgress> progress = new HashMap<>();
    private final Map<Integer, Set<String>> pausedBy = new HashMap<>();
    private final Map<String, Integer> partitionOfPbx = new HashMap<>();
    private volatile Set<String> owned = Set.of();
    private final Map<String, Future<Void>> sessionOps = new HashMap<>();
    private final Map<String, Future<Void>> warmups = new HashMap<>();
    private Future<Void> ownershipChain = Future.succeededFuture();
    private boolean commitScheduled;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile int partitionCount;
    /** Records fetched whose handling (result published, or given up) has not finished. */
    private int inFlightRecords;
    private Future<Void> stopped;
    private Future<Void> startFuture;

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
        this.ownership = new PartitionOwnership(configuredPbxIds);
        this.supervisor = supervisor;
        this.sink = sink;
        this.codec = codec;
        this.bridge = bridge;
        this.clock = clock;
        this.metrics = new CommandMetrics(registry, ownership.configured());
        this.cache = new CommandResultCache(settings.resultWindow(), settings.resultCacheMaxEntries(), clock);
        this.commandsTopic = settings.topic(BridgeTopic.COMMANDS);
    }

    /** Joins the group and starts consuming; completes once subscribed (assignment follows asynchronously). */
    public Future<Void> start() {
        Promise<Void> started = Promise.promise();
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            processor = new CommandProcessor(vertx, context, settings, ownership, cache,
                    new CommandResults(bridge, clock), metrics, this, clock);
            processor.onBacklogFull(this::backlogFull);
            warmer = new ResultCacheWarmer(vertx, settings, codec, cache);
            metrics.pausedGauge(pausedBy, m -> m.size());
            // Creating a Kafka client resolves the bootstrap addresses (blocking DNS): not on the event loop.
            vertx.executeBlocking(() -> new HandoverKafkaConsumer(new HashMap<>(consumerConfig()), this::release), false)
                    .compose(nativeConsumer -> {
                        consumer = KafkaConsumer.create(vertx, nativeConsumer);
                        // Partition pause/resume, commits and metadata calls queue behind the running poll: keep it short.
                        consumer.pollTimeout(Duration.ofMillis(100));
                        consumer.exceptionHandler(e -> LOG.warn("Command consumer error: {}", e.toString()));
                        consumer.partitionsAssignedHandler(this::onAssigned);
                        consumer.partitionsRevokedHandler(this::onRevoked);
                        consumer.handler(this::onRecord);
                        long evictEvery = Math.max(1000, Math.min(settings.resultWindow().toMillis(), 60_000));
                        vertx.setPeriodic(evictEvery, id -> {
                            if (stopping) {
                                vertx.cancelTimer(id);
                            } else {
                                cache.evictExpired();
                            }
                        });
                        return consumer.subscribe(commandsTopic);
                    })
                    .onComplete(started);
        });
        startFuture = started.future();
        return startFuture.onSuccess(v -> LOG.info("Command consumer {} joined group {} on {}",
                bridge.instanceId(), settings.groupId(), commandsTopic));
    }

    /**
     * Stops fetching, lets the commands in flight finish (up to {@code shutdownTimeout}), commits what
     * is done, leaves the group and stops the sessions it owned. Unfinished commands stay uncommitted
     * for the next owner.
     */
    public Future<Void> stop() {
        if (stopped != null) {
            return stopped;
        }
        Promise<Void> done = Promise.promise();
        stopped = done.future();
        if (context == null) {
            done.complete();
            return stopped;
        }
        // A stop right after start waits for the consumer to exist (start itself never hangs).
        Future<Void> afterStart = startFuture == null ? Future.succeededFuture() : startFuture.transform(ar -> Future.succeededFuture());
        afterStart.onComplete(ignored -> context.runOnContext(v -> {
            if (consumer == null) {
                done.complete();
                return;
            }
            stopping = true;
            Set<TopicPartition> all = partitions(assigned);
            Future<Void> paused = all.isEmpty() ? Future.succeededFuture() : consumer.pause(all).recover(e -> Future.succeededFuture());
            paused.compose(x -> awaitIdle(null, settings.shutdownTimeout()))
                    .compose(x -> {
                        processor.stopping();
                        for (PbxCommandLane lane : processor.lanes()) {
                            lane.clear("bridge stopping");
                        }
                        return commitNow();
                    })
                    // Log out before leaving the group, so the next owner never overlaps with this one.
                    .eventually(() -> {
                        Set<String> mine = owned;
                        owned = Set.of();
                        List<Future<Void>> stops = new ArrayList<>();
                        for (String pbxId : mine) {
                            stops.add(stopSession(pbxId));
                        }
                        return Future.join(stops);
                    })
                    .eventually(() -> {
                        closed = true;
                        return consumer.close().recover(e -> {
                            LOG.warn("Closing command consumer: {}", e.toString());
                            return Future.succeededFuture();
                        });
                    })
                    .onComplete(ar -> {
                        LOG.info("Command consumer {} stopped", bridge.instanceId());
                        done.complete();
                    });
        }));
        return stopped;
    }

    /** PBXes whose sessions this instance runs (per the current assignment). */
    public Set<String> ownedPbxIds() {
        return owned;
    }

    /** Partitions of the commands topic assigned here. */
    /** True once the group has handed this instance its first assignment (possibly empty). */
    public boolean joined() {
        return joined;
    }

    public Set<Integer> assignedPartitions() {
        return Set.copyOf(assigned);
    }

    public CommandMetrics metrics() {
        return metrics;
    }

    public CommandResultCache resultCache() {
        return cache;
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
            // Not started yet, or its start failed: (re)start it; the retry loop calls again later.
            op = startSession(pbxId);
        }
        return op.compose(v -> supervisor.session(pbxId)
                .map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(new IllegalStateException("session not running"))));
    }

    @Override
    public Future<Void> ready(String pbxId) {
        return warmups.getOrDefault(pbxId, Future.succeededFuture());
    }

    // ------------------------------------------------------------------ records

    private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
        PartitionProgress p = progress.get(record.partition());
        if (stopping || p == null || !assigned.contains(record.partition()) || !record.topic().equals(commandsTopic)) {
            // Stopping, or fetched just before its partition was revoked: left for the owner, uncommitted.
            return;
        }
        long offset = record.offset();
        try {
            p.track(offset);
        } catch (IllegalStateException e) {
            // Never expected (nothing here seeks back); a repeat is already being handled.
            LOG.warn("Ignoring repeated delivery of {}/{}/{}", record.topic(), record.partition(), offset);
            return;
        }
        inFlightRecords++;
        Instant receivedAt = clock.instant();
        String location = record.topic() + "/" + record.partition() + "/" + offset;
        Command command;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("record has no value");
            }
            command = codec.decode(record.topic(), record.value(), Command.class);
        } catch (RuntimeException e) {
            deadLetter(record, location, e.getMessage(), receivedAt)
                    .onComplete(ar -> {
                        inFlightRecords--;
                        finished(record.partition(), offset, ar.succeeded());
                    });
            return;
        }
        if (ownership.isConfigured(command.getPbxId())) {
            partitionOfPbx.put(command.getPbxId(), record.partition());
        }
        // Ownership of a newly assigned partition is computed asynchronously (partition count lookup):
        // its records wait for that, in fetch order, or they would be refused as "not owned".
        Future<CommandResult> result = ownershipChain.transform(v -> processor.process(command, record.key(), receivedAt));
        result.compose(r -> closed
                        // Finished after stop committed and left the group: the next owner answers it.
                        ? Future.<CommandResult>failedFuture(new NotOwnedException(r.getPbxId()))
                        : publish(List.of(CommandResults.record(r))).map(r))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        metrics.result(ar.result().getPbxId(), ar.result().getStatus(), ar.result().getReplayed());
                    } else if (!(ar.cause() instanceof NotOwnedException)
                            && !(ar.cause() instanceof PbxCommandLane.LaneClearedException)) {
                        LOG.error("Command at {} produced no result: {}", location, ar.cause().toString());
                    }
                    inFlightRecords--;
                    finished(record.partition(), offset, ar.succeeded());
                });
    }

    private Future<Void> deadLetter(KafkaConsumerRecord<String, byte[]> record, String location, String reason,
                                    Instant receivedAt) {
        String why = "undecodable command: " + reason;
        List<NormalizedRecord> out = new ArrayList<>();
        out.add(CommandDeadLetters.of(record.key(), record.value(), location, why, bridge, receivedAt));
        CommandIdRecovery.recover(record.headers(), record.value(), record.key(), codec, record.topic()).ifPresent(id -> {
            CommandResult r = new CommandResults(bridge, clock).rejected(id.commandId(), id.pbxId(),
                    CommandStatus.INVALID, why + " (kept on the dead-letter topic at " + location + ")", receivedAt);
            out.add(CommandResults.record(r));
        });
        undecodableLog.log("Command record {} cannot be decoded ({}); dead-lettered{}", location, reason,
                out.size() > 1 ? " and answered INVALID" : "");
        return publish(out).onSuccess(v -> {
            metrics.deadLettered();
            if (out.size() > 1) {
                CommandResult r = (CommandResult) out.get(1).value();
                metrics.result(r.getPbxId(), r.getStatus(), false);
            }
        });
    }

    /** Publishes until Kafka acknowledges (a Kafka outage delays results, never drops them), or until stop. */
    private Future<Void> publish(List<NormalizedRecord> records) {
        Backoff backoff = new Backoff(settings.retryBase(), settings.retryMax());
        return publishAttempt(records, backoff);
    }

    private Future<Void> publishAttempt(List<NormalizedRecord> records, Backoff backoff) {
        return here(sink.publish(records)).recover(e -> {
            if (closed || (stopping && backoff.attempts() > 2)) {
                return Future.failedFuture(e);
            }
            Duration delay = backoff.next();
            LOG.warn("Publishing command results failed ({}); retrying in {} ms", e.getMessage(), delay.toMillis());
            Promise<Void> wait = Promise.promise();
            vertx.setTimer(delay.toMillis(), id -> wait.complete());
            return wait.future().compose(v -> publishAttempt(records, backoff));
        });
    }

    private void finished(int partition, long offset, boolean published) {
        PartitionProgress p = progress.get(partition);
        if (p == null || !published) {
            return;
        }
        p.done(offset);
        if (!commitScheduled) {
            commitScheduled = true;
            vertx.setTimer(settings.commitInterval().toMillis(), id -> {
                commitScheduled = false;
                commitNow();
            });
        }
    }

    private Future<Void> commitNow() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<Integer, Long> positions = new HashMap<>();
        progress.forEach((partition, p) -> {
            if (!assigned.contains(partition)) {
                return; // being handed over: committed synchronously by the rebalance listener
            }
            OptionalLong next = p.toCommit();
            if (next.isPresent()) {
                offsets.put(new TopicPartition(commandsTopic, partition),
                        new OffsetAndMetadata(next.getAsLong(), bridge.instanceId()));
                positions.put(partition, next.getAsLong());
            }
        });
        if (offsets.isEmpty()) {
            return Future.succeededFuture();
        }
        return consumer.commit(offsets).<Void>map(m -> {
            positions.forEach((partition, offset) -> {
                PartitionProgress p = progress.get(partition);
                if (p != null) {
                    p.committed(offset);
                }
            });
            return null;
        }).recover(e -> {
            // Typically a rebalance in progress: the results are on Kafka; a repeat is answered from them.
            LOG.warn("Committing command offsets {} failed: {}", positions, e.toString());
            return Future.succeededFuture();
        });
    }

    // ------------------------------------------------------------------ flow control

    /** A PBX's backlog is full: pause the partition its commands come from until the lane drains. */
    private void backlogFull(PbxCommandLane lane) {
        String pbxId = lane.pbxId();
        Integer partition = partitionOfPbx.get(pbxId);
        if (partition == null || !assigned.contains(partition)) {
            return;
        }
        Set<String> by = pausedBy.computeIfAbsent(partition, k -> new HashSet<>());
        boolean first = by.isEmpty();
        by.add(pbxId);
        if (first) {
            LOG.info("PBX {} backlog full ({}): pausing {}/{}", pbxId, lane.size(), commandsTopic, partition);
            consumer.pause(new TopicPartition(commandsTopic, partition));
        }
        lane.onDrained(() -> resumeFor(pbxId));
    }

    private void resumeFor(String pbxId) {
        for (var it = pausedBy.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().remove(pbxId) && e.getValue().isEmpty()) {
                it.remove();
                if (!stopping && assigned.contains(e.getKey())) {
                    LOG.info("PBX {} backlog drained: resuming {}/{}", pbxId, commandsTopic, e.getKey());
                    consumer.resume(new TopicPartition(commandsTopic, e.getKey()));
                }
            }
        }
    }

    // ------------------------------------------------------------------ ownership

    private void onAssigned(Set<TopicPartition> partitions) {
        if (stopping) {
            return;
        }
        joined = true;
        for (TopicPartition tp : partitions) {
            if (tp.getTopic().equals(commandsTopic) && assigned.add(tp.getPartition())) {
                progress.put(tp.getPartition(), new PartitionProgress());
            }
        }
        LOG.info("Command partitions assigned to {}: {} (now {})", bridge.instanceId(), numbers(partitions), assigned);
        refreshOwnership();
    }

    private void onRevoked(Set<TopicPartition> partitions) {
        // Commit what is done before forgetting the partitions (best effort: see class comment).
        commitNow();
        for (TopicPartition tp : partitions) {
            if (tp.getTopic().equals(commandsTopic)) {
                assigned.remove(tp.getPartition());
                progress.remove(tp.getPartition());
                pausedBy.remove(tp.getPartition());
            }
        }
        LOG.info("Command partitions revoked from {}: {} (now {})", bridge.instanceId(), numbers(partitions), assigned);
        if (!stopping) {
            refreshOwnership();
        }
    }

    /**
     * Called by Kafka on the polling thread before partitions leave: hands the work to this context and
     * waits (bounded) until the PBXes of those partitions are logged out, then returns their committable
     * offsets for a synchronous commit.
     */
    private Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> release(
            Collection<org.apache.kafka.common.TopicPartition> partitions, boolean lost) {
        Set<Integer> numbers = new TreeSet<>();
        for (org.apache.kafka.common.TopicPartition tp : partitions) {
            if (tp.topic().equals(commandsTopic)) {
                numbers.add(tp.partition());
            }
        }
        if (numbers.isEmpty() || context == null) {
            return Map.of();
        }
        CompletableFuture<Map<Integer, Long>> done = new CompletableFuture<>();
        context.runOnContext(v -> handOver(numbers).onComplete(ar ->
                done.complete(ar.succeeded() ? ar.result() : Map.of())));
        Map<Integer, Long> offsets;
        try {
            offsets = done.get(settings.shutdownTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Hand-over of command partitions {} did not finish in time; letting them go", numbers);
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (ExecutionException e) {
            return Map.of();
        }
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> commit =
                new HashMap<>();
        if (!lost) {
            offsets.forEach((n, offset) -> commit.put(new org.apache.kafka.common.TopicPartition(commandsTopic, n),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(offset, bridge.instanceId())));
        }
        return commit;
    }

    /** On this context: stop feeding the partitions, log out their PBXes, return their committable offsets. */
    private Future<Map<Integer, Long>> handOver(Set<Integer> numbers) {
        assigned.removeAll(numbers);
        numbers.forEach(pausedBy::remove);
        int count = partitionCount;
        Set<String> leaving = new TreeSet<>();
        if (count > 0) {
            for (String pbxId : owned) {
                if (numbers.contains(PartitionOwnership.partitionOf(pbxId, count))) {
                    leaving.add(pbxId);
                }
            }
        }
        Set<String> next = new HashSet<>(owned);
        next.removeAll(leaving);
        owned = Set.copyOf(next);
        List<Future<Void>> stops = new ArrayList<>();
        for (String pbxId : leaving) {
            int dropped = processor.release(pbxId);
            LOG.info("PBX {} leaves {} ({} waiting commands left to the new owner)", pbxId, bridge.instanceId(), dropped);
            stops.add(stopSession(pbxId));
        }
        return Future.join(stops).transform(ar -> {
            Map<Integer, Long> offsets = new HashMap<>();
            for (int n : numbers) {
                PartitionProgress p = progress.remove(n);
                if (p != null) {
                    p.toCommit().ifPresent(o -> offsets.put(n, o));
                }
            }
            return Future.succeededFuture(offsets);
        });
    }

    /** Recomputes the owned PBXes and starts/stops sessions; serialized so rebalances apply in order. */
    private void refreshOwnership() {
        Set<Integer> snapshot = Set.copyOf(assigned);
        ownershipChain = ownershipChain.transform(ignored -> partitionCount(1)
                .map(count -> {
                    if (count > 0 && !stopping) {
                        partitionCount = count;
                        apply(ownership.owned(snapshot, count));
                    }
                    return null;
                }));
    }

    /** The partition count of the commands topic, retried while metadata is unavailable (0 = gave up). */
    private Future<Integer> partitionCount(int attempt) {
        return consumer.partitionsFor(commandsTopic)
                .compose(infos -> infos.isEmpty()
                        ? Future.<Integer>failedFuture(new IllegalStateException("no partitions known"))
                        : Future.succeededFuture(infos.size()))
                .recover(e -> {
                    if (stopping || attempt >= 20) {
                        LOG.error("Cannot read the partition count of {} ({}): ownership not updated", commandsTopic,
                                e.toString());
                        return Future.succeededFuture(0);
                    }
                    LOG.warn("Cannot read the partition count of {} yet ({}); retrying", commandsTopic, e.toString());
                    Promise<Void> wait = Promise.promise();
                    vertx.setTimer(500, id -> wait.complete());
                    return wait.future().compose(v -> partitionCount(attempt + 1));
                });
    }

    private void apply(Set<String> next) {
        Set<String> previous = owned;
        owned = Set.copyOf(next);
        Set<String> gained = new TreeSet<>(next);
        gained.removeAll(previous);
        Set<String> lost = new TreeSet<>(previous);
        lost.removeAll(next);
        for (String pbxId : lost) {
            int dropped = processor.release(pbxId);
            LOG.info("PBX {} moved away from {} ({} waiting commands left to the new owner)", pbxId,
                    bridge.instanceId(), dropped);
            stopSession(pbxId);
        }
        if (!gained.isEmpty()) {
            LOG.info("PBXes now owned by {}: {}", bridge.instanceId(), gained);
            if (settings.warmResultCache()) {
                Future<Void> warm = warmer.warm(gained).transform(ar -> Future.<Void>succeededFuture());
                Future<Void> onContext = here(warm);
                for (String pbxId : gained) {
                    warmups.put(pbxId, onContext);
                }
            }
            for (String pbxId : gained) {
                startSession(pbxId);
            }
        }
    }

    private Future<Void> startSession(String pbxId) {
        Future<Void> previous = sessionOps.getOrDefault(pbxId, Future.succeededFuture());
        Future<Void> op = previous.transform(ar -> here(supervisor.start(pbxId)));
        sessionOps.put(pbxId, op);
        return op;
    }

    /** Stops a PBX's session once its running commands are done (bounded), after any pending start. */
    private Future<Void> stopSession(String pbxId) {
        Future<Void> previous = sessionOps.getOrDefault(pbxId, Future.succeededFuture());
        Future<Void> op = previous.transform(ar -> awaitIdle(pbxId, settings.shutdownTimeout()))
                .transform(ar -> owned.contains(pbxId) ? Future.succeededFuture() : here(supervisor.stop(pbxId)))
                .recover(e -> {
                    LOG.warn("Stopping the session of PBX {} failed: {}", pbxId, e.toString());
                    return Future.succeededFuture();
                });
        sessionOps.put(pbxId, op);
        return op;
    }

    /** Completes when the lane of {@code pbxId} (all lanes when null) has nothing running, or after {@code bound}. */
    private Future<Void> awaitIdle(String pbxId, Duration bound) {
        Promise<Void> idle = Promise.promise();
        long deadline = System.nanoTime() + bound.toNanos();
        checkIdle(pbxId, deadline, idle);
        return idle.future();
    }

    private void checkIdle(String pbxId, long deadline, Promise<Void> idle) {
        boolean busy;
        if (pbxId == null) {
            busy = processor.busy() > 0 || inFlightRecords > 0;
        } else {
            PbxCommandLane lane = processor.existingLane(pbxId);
            busy = lane != null && lane.running() > 0;
        }
        if (!busy) {
            idle.complete();
        } else if (System.nanoTime() >= deadline) {
            LOG.warn("Commands still running for {} after {}; giving up waiting",
                    pbxId == null ? "all PBXes" : "PBX " + pbxId, settings.shutdownTimeout());
            idle.complete();
        } else {
            vertx.setTimer(10, id -> checkIdle(pbxId, deadline, idle));
        }
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> consumerConfig() {
        Map<String, String> config = new HashMap<>();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID_PREFIX + bridge.instanceId());
        config.putAll(settings.kafkaConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        // Offsets are committed only after results are published: never automatically.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return config;
    }

    private Set<TopicPartition> partitions(Collection<Integer> numbers) {
        Set<TopicPartition> set = new HashSet<>();
        for (int n : numbers) {
            set.add(new TopicPartition(commandsTopic, n));
        }
        return set;
    }

    private static Set<Integer> numbers(Set<TopicPartition> partitions) {
        Set<Integer> n = new TreeSet<>();
        partitions.forEach(tp -> n.add(tp.getPartition()));
        return n;
    }

    private <T> Future<T> here(Future<T> f) {
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> context.runOnContext(v -> p.handle(ar)));
        return p.future();
    }
}
