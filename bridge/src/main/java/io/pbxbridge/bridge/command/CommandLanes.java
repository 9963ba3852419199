package io.pbxbridge.bridge.command;

import io.vertx.core.Future;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link PbxCommandLane} of every PBX that received commands here, created on first use. The
 * processor submits to them, ownership waits on them and drops their waiting commands when a PBX
 * leaves, and whoever listens to {@link #onFull} (flow control) hears when a backlog fills.
 *
 * <p>Not thread-safe: use it from the command consumer's context.
 */
public final class CommandLanes {
    private final CommandSettings settings;
    private final CommandMetrics metrics;
    /** Concurrent only so the queued gauge may sum it from the scrape thread; changed on the consumer's context. */
    private final Map<String, PbxCommandLane> lanes = new java.util.concurrent.ConcurrentHashMap<>();
    private Consumer<PbxCommandLane> onFull = lane -> { };

    public CommandLanes(CommandSettings settings, CommandMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        metrics.queuedGauge(this, CommandLanes::busy);
    }

    /** Told whenever a submitted command fills a PBX's backlog: the listener stops feeding that PBX. */
    public void onFull(Consumer<PbxCommandLane> listener) {
        this.onFull = listener;
    }

    /** Queues a task in the PBX's lane (see {@link PbxCommandLane#submit(Supplier, boolean)}). */
    public <T> Future<T> submit(String pbxId, Supplier<Future<T>> task, boolean overlappable) {
        PbxCommandLane lane = lane(pbxId);
        Future<T> result = lane.submit(task, overlappable);
        if (lane.full()) {
            onFull.accept(lane);
        }
        return result;
    }

    /** Completes once nothing runs for the PBX (at once when it has no lane). */
    public Future<Void> whenNothingRunning(String pbxId) {
        PbxCommandLane lane = lanes.get(pbxId);
        return lane == null ? Future.succeededFuture() : lane.whenNothingRunning();
    }

    /** Drops the PBX's waiting commands (they stay uncommitted for the next owner); returns how many. */
    public int release(String pbxId, String reason) {
        PbxCommandLane lane = lanes.get(pbxId);
        return lane == null ? 0 : lane.clear(reason);
    }

    /** Drops every waiting command (the bridge is stopping). */
    public void releaseAll(String reason) {
        lanes.values().forEach(lane -> lane.clear(reason));
    }

    /** Commands waiting or running in all lanes. */
    public int busy() {
        return lanes.values().stream().mapToInt(PbxCommandLane::size).sum();
    }

    private PbxCommandLane lane(String pbxId) {
        return lanes.computeIfAbsent(pbxId, id -> {
            PbxCommandLane lane = new PbxCommandLane(id, settings.laneConcurrency(), settings.laneBacklog());
            metrics.backlogGauge(id, lane, PbxCommandLane::size);
            return lane;
        });
    }
}
