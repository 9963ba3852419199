package io.pbxbridge.bridge.command;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.session.SessionSupervisor;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.SessionState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rebalance callback's work without a broker: it waits for exactly the records of the leaving
 * partitions (completed by the last one, not polled), logs their PBXes out before it returns, hands back
 * their done offsets, and never blocks the polling thread longer than its documented bound.
 */
class PartitionHandoverTest {
    private static final String TOPIC = "pbx.commands";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private Vertx vertx;
    private Context context;
    private final FakePbxFleet fleet = new FakePbxFleet();
    /** Completes the hanging logouts at the end, so Vert.x can close. */
    private final Promise<Void> hangingLogout = Promise.promise();
    private final Promise<Void> logoutStarted = Promise.promise();
    private CommandLanes lanes;
    private PartitionCommits commits;
    private SessionOwnership ownership;
    private RecordsInFlight inFlight;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void tearDown() throws Exception {
        hangingLogout.tryComplete();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** pbx-a owned on partition 0 (one partition), its session up; offsets 0 and 1 fetched, 0 done. */
    private PartitionHandover handover(Duration shutdownTimeout, Duration logoutGrace) {
        CommandSettings settings = CommandSettings.defaults(Map.of("bootstrap.servers", "unused:9092"))
                .withResultCache(Duration.ofHours(1), 100, false)
                .withTimers(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(40),
                        shutdownTimeout);
        ConsumerPhase phase = new ConsumerPhase();
        SessionSupervisor supervisor = new SessionSupervisor(vertx, fleet::create);
        PartitionHandover[] built = new PartitionHandover[1];
        onContext(() -> {
            lanes = new CommandLanes(settings, new CommandMetrics(new SimpleMeterRegistry(), Set.of("pbx-a")));
            inFlight = new RecordsInFlight();
            // No Kafka consumer: the hand-over never commits itself (the callback does), and no batch is due.
            GroupLease lease = new GroupLease(vertx, Duration.ofSeconds(10));
            commits = new PartitionCommits(vertx, null, TOPIC, "i1", Duration.ofHours(1), lease);
            ownership = new SessionOwnership(vertx, context, settings, new PartitionOwnership(List.of("pbx-a")),
                    supervisor, lanes, null, phase, "i1", () -> Future.succeededFuture(1), lease);
            PartitionFlowControl flow = new PartitionFlowControl(null, TOPIC, commits, phase);
            built[0] = new PartitionHandover(vertx, context, TOPIC, "i1", shutdownTimeout, logoutGrace, phase, commits,
                    flow, ownership, inFlight);
            commits.assigned(List.of(0));
            ownership.assigned(Set.of(0));
            commits.track(0, 0);
            commits.track(0, 1);
            inFlight.started(0);
            inFlight.started(0);
            commits.done(0, 0);
            inFlight.finished(0);
            return null;
        });
        Await.until("pbx-a owned and its session up", () -> ownership.owned().contains("pbx-a")
                && supervisor.session("pbx-a").map(s -> s.state() == SessionState.UP).orElse(false));
        return built[0];
    }

    @Test
    void waitsForTheLeavingPartitionsRecordsThenLogsOutAndReturnsTheirDoneOffsets() throws Exception {
        fleet.logout("pbx-a", () -> {
            logoutStarted.tryComplete();
            return Future.succeededFuture();
        });
        PartitionHandover handover = handover(Duration.ofSeconds(30), Duration.ofSeconds(30));
        Promise<CommandOutcome> command = Promise.promise();
        onContext(() -> lanes.submit("pbx-a", command::future, false));

        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> released =
                CompletableFuture.supplyAsync(() -> handover.release(List.of(P0), false));
        Thread.sleep(300);
        assertThat(released).as("record at offset 1 still running").isNotDone();
        assertThat(ownership.owns("pbx-a")).as("the PBX left at once").isFalse();
        assertThat(logoutStarted.future().isComplete()).as("no logout while its command runs").isFalse();

        onContext(() -> {
            command.complete(CommandOutcome.succeeded(null, null));
            commits.done(0, 1);
            inFlight.finished(0);
            return null;
        });
        Map<TopicPartition, OffsetAndMetadata> offsets = released.get(10, TimeUnit.SECONDS);
        assertThat(offsets).containsOnlyKeys(P0);
        assertThat(offsets.get(P0).offset()).isEqualTo(2);
        assertThat(offsets.get(P0).metadata()).isEqualTo("i1");
        assertThat(fleet.running("pbx-a")).as("logged out before the partition left").isZero();
    }

    @Test
    void blocksThePollingThreadNoLongerThanItsBoundWhenCommandsAndLogoutHang() throws Exception {
        fleet.logout("pbx-a", () -> {
            logoutStarted.tryComplete();
            return hangingLogout.future();
        });
        Duration shutdownTimeout = Duration.ofMillis(300);
        Duration logoutGrace = Duration.ofMillis(500);
        PartitionHandover handover = handover(shutdownTimeout, logoutGrace);
        onContext(() -> lanes.submit("pbx-a", () -> Promise.<CommandOutcome>promise().future(), false));

        long start = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = handover.release(List.of(P0), false);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("bounded by shutdownTimeout + logout grace").isLessThan(Duration.ofMillis(800 + 2_000))
                .isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(logoutStarted.future().isComplete()).as("logout was attempted").isTrue();
        assertThat(fleet.running("pbx-a")).as("still logging out").isOne();
        assertThat(offsets.get(P0).offset()).as("what was done is still committed").isEqualTo(1);
    }

    @Test
    void aLostPartitionIsReleasedWithoutOffsets() {
        PartitionHandover handover = handover(Duration.ofMillis(300), Duration.ofSeconds(5));
        onContext(() -> {
            commits.done(0, 1);
            inFlight.finished(0);
            return null;
        });
        assertThat(handover.release(List.of(P0), true)).isEmpty();
        assertThat(fleet.running("pbx-a")).isZero();
        assertThat(handover.release(List.of(new TopicPartition("other-topic", 0)), false)).isEmpty();
    }

    @Test
    void worstCaseIsShutdownTimeoutPlusLogoutGracePlusCommit() {
        assertThat(PartitionHandover.worstCase(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(20));
    }

    private <T> T onContext(Supplier<T> action) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> p.complete(action.get()));
        return Await.result(p.future());
    }
}
