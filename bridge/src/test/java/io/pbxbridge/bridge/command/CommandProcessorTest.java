package io.pbxbridge.bridge.command;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command pipeline without Kafka: real Vert.x timers and contexts, fake PBX sessions. */
class CommandProcessorTest {
    static {
        io.pbxbridge.schema.codec.TrustedContractClasses.install();
    }

    private Vertx vertx;
    private Context context;
    private FakePbxFleet fleet;
    private final Map<String, PbxSession> sessions = new ConcurrentHashMap<>();
    private final Set<String> owned = ConcurrentHashMap.newKeySet();
    private CommandProcessor processor;
    private CommandMetrics metrics;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        fleet = new FakePbxFleet();
        for (String id : List.of("pbx-a", "pbx-b")) {
            sessions.put(id, fleet.create(id));
            owned.add(id);
        }
        CommandSettings settings = CommandSettings.defaults(Map.of("bootstrap.servers", "unused:9092"))
                .withTimers(Duration.ofMillis(300), Duration.ofMillis(400), Duration.ofMillis(10), Duration.ofMillis(40),
                        Duration.ofSeconds(2))
                .withLanes(1, 10);
        CommandRouting routing = new CommandRouting() {
            @Override
            public boolean owns(String pbxId) {
                return owned.contains(pbxId);
            }

            @Override
            public Future<PbxSession> session(String pbxId) {
                return owned.contains(pbxId) ? Future.succeededFuture(sessions.get(pbxId))
                        : Future.failedFuture(new NotOwnedException(pbxId));
            }
        };
        metrics = new CommandMetrics(registry, Set.of("pbx-a", "pbx-b"));
        Clock clock = Clock.systemUTC();
        processor = new CommandProcessor(vertx, context, settings, new PartitionOwnership(List.of("pbx-a", "pbx-b")),
                new CommandLanes(settings, metrics),
                new CommandResultCache(Duration.ofHours(24), 1000, clock),
                new CommandResults(new BridgeInfo("0.1.0-test", "instance-1"), clock), metrics, routing, clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private CompletableFuture<CommandResult> submit(Command c, String key) {
        CompletableFuture<CommandResult> f = new CompletableFuture<>();
        context.runOnContext(v -> processor.process(c, key, CommandTimes.of(c, 0, Instant.now())).onComplete(ar -> {
            if (ar.succeeded()) {
                f.complete(ar.result());
            } else {
                f.completeExceptionally(ar.cause());
            }
        }));
        return f;
    }

    private CommandResult run(Command c) throws Exception {
        return submit(c, c.getPbxId()).get(5, TimeUnit.SECONDS);
    }

    private FakePbxSession session(String id) {
        return (FakePbxSession) sessions.get(id);
    }

    @Test
    void executesAValidCommandAndReportsTheOutcome() throws Exception {
        CommandResult r = run(TestCommands.dial("c1", "pbx-a"));

        assertThat(r.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(r.getCommandId()).isEqualTo("c1");
        assertThat(r.getPbxId()).isEqualTo("pbx-a");
        assertThat(r.getCallId()).isEqualTo("call-c1");
        assertThat(r.getResponseJson()).isEqualTo("{\"errcode\":0}");
        assertThat(r.getExecutedBy()).isEqualTo("instance-1");
        assertThat(r.getReplayed()).isFalse();
        assertThat(r.getCompletedAt()).isNotNull();
        assertThat(session("pbx-a").receivedIds()).containsExactly("c1");
    }

    @Test
    void everyExecutedCommandCountsInTheLatencyTimerEvenWhenAnsweredWithinAMillisecond() throws Exception {
        int n = 50;
        for (int i = 0; i < n; i++) {
            assertThat(run(TestCommands.dial("fast-" + i, "pbx-a")).getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
        }
        var timer = registry.get("pbx_command_latency").tag("pbx", "pbx-a").timer();
        assertThat(timer.count()).isEqualTo(n);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void invalidCommandIsAnsweredWithReasonsAndNotExecuted() throws Exception {
        CommandResult r = run(TestCommands.dial("c1", "pbx-a", "1000", "not-a-number"));

        assertThat(r.getStatus()).isEqualTo(CommandStatus.INVALID);
        assertThat(r.getReason()).contains("dial.to.number").contains("is not a number");
        assertThat(session("pbx-a").received()).isEmpty();
    }

    @Test
    void unknownPbxIsAnsweredUnknownPbx() throws Exception {
        CommandResult r = run(TestCommands.dial("c1", "pbx-zz"));

        assertThat(r.getStatus()).isEqualTo(CommandStatus.UNKNOWN_PBX);
        assertThat(r.getReason()).contains("pbx-zz");
        assertThat(metrics.count("pbx-zz", CommandStatus.UNKNOWN_PBX)).isZero();
    }

    @Test
    void aKeyOtherThanThePbxIdIsInvalid() throws Exception {
        CommandResult r = submit(TestCommands.dial("c1", "pbx-a"), "something-else").get(5, TimeUnit.SECONDS);

        assertThat(r.getStatus()).isEqualTo(CommandStatus.INVALID);
        assertThat(r.getReason()).contains("record key 'something-else' must equal pbx_id 'pbx-a'");
        assertThat(session("pbx-a").received()).isEmpty();
    }

    @Test
    void expiredCommandIsNotExecuted() throws Exception {
        Command c = Command.newBuilder(TestCommands.dial("c1", "pbx-a"))
                .setIssuedAt(Instant.now().minusSeconds(60)).setExpiresAt(Instant.now().minusSeconds(1)).build();

        CommandResult r = run(c);

        assertThat(r.getStatus()).isEqualTo(CommandStatus.EXPIRED);
        assertThat(session("pbx-a").received()).isEmpty();
    }

    @Test
    void aCommandWithoutExpiryPastItsIssueTimePlusTheDefaultIsExpiredAndNotExecuted() throws Exception {
        Command c = Command.newBuilder(TestCommands.withoutExpiry(TestCommands.dial("c1", "pbx-a")))
                .setIssuedAt(Instant.now().minusSeconds(31)).build();

        CommandResult r = run(c);

        assertThat(r.getStatus()).isEqualTo(CommandStatus.EXPIRED);
        assertThat(r.getReason()).contains("the default 30 s for DIAL");
        assertThat(r.getLatencyMs()).as("counted from issued_at").isGreaterThanOrEqualTo(31_000);
        assertThat(r.getReceivedAt()).isAfter(c.getIssuedAt().plusSeconds(30));
        assertThat(session("pbx-a").received()).isEmpty();
    }

    @Test
    void aCommandIssuedRecentlyRunsAndItsLatencyCountsFromIssue() throws Exception {
        Command c = Command.newBuilder(TestCommands.withoutExpiry(TestCommands.dial("c1", "pbx-a")))
                .setIssuedAt(Instant.now().minusSeconds(10)).build();

        CommandResult r = run(c);

        assertThat(r.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(r.getLatencyMs()).isBetween(10_000L, 15_000L);
        assertThat(session("pbx-a").receivedIds()).containsExactly("c1");
    }

    @Test
    void repeatedCommandIdIsReplayedWithoutCallingThePbx() throws Exception {
        CommandResult first = run(TestCommands.dial("c1", "pbx-a"));
        CommandResult again = run(TestCommands.dial("c1", "pbx-a"));

        assertThat(again.getReplayed()).isTrue();
        assertThat(again.getStatus()).isEqualTo(first.getStatus());
        assertThat(again.getCallId()).isEqualTo(first.getCallId());
        assertThat(session("pbx-a").receivedIds()).containsExactly("c1");
    }

    @Test
    void repeatWhileTheFirstIsRunningWaitsForItsResult() throws Exception {
        Promise<CommandOutcome> gate = Promise.promise();
        fleet.behave("pbx-a", c -> gate.future());
        CompletableFuture<CommandResult> first = submit(TestCommands.dial("c1", "pbx-a"), "pbx-a");
        CompletableFuture<CommandResult> second = submit(TestCommands.dial("c1", "pbx-a"), "pbx-a");
        waitFor(() -> session("pbx-a").received().size() == 1);

        gate.complete(CommandOutcome.succeeded("call-x", null));

        assertThat(first.get(5, TimeUnit.SECONDS).getReplayed()).isFalse();
        assertThat(second.get(5, TimeUnit.SECONDS).getReplayed()).isTrue();
        assertThat(second.get().getCallId()).isEqualTo("call-x");
        assertThat(session("pbx-a").received()).hasSize(1);
    }

    @Test
    void pbxDownIsRetriedUntilExpiryThenUnavailable() throws Exception {
        fleet.behave("pbx-a", c -> Future.succeededFuture(
                CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE, null, "connection refused")));
        Command c = TestCommands.expiringIn(TestCommands.dial("c1", "pbx-a"), Duration.ofMillis(250));

        CommandResult r = run(c);

        assertThat(r.getStatus()).isEqualTo(CommandStatus.PBX_UNAVAILABLE);
        assertThat(r.getReason()).contains("connection refused");
        assertThat(session("pbx-a").received().size()).isGreaterThan(1);
        assertThat(session("pbx-a").received()).allSatisfy(rec -> assertThat(rec.at()).isBefore(c.getExpiresAt()));
    }

    @Test
    void pbxBackBeforeExpirySucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        fleet.behave("pbx-a", c -> Future.succeededFuture(calls.incrementAndGet() < 3
                ? CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE, null, "rebooting")
                : CommandOutcome.succeeded(null, "{}")));

        CommandResult r = run(TestCommands.withoutExpiry(TestCommands.dial("c1", "pbx-a")));

        assertThat(r.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aPbxThatDoesNotAnswerTimesOut() throws Exception {
        fleet.behave("pbx-a", c -> Promise.<CommandOutcome>promise().future());

        CommandResult r = run(TestCommands.dial("c1", "pbx-a"));

        assertThat(r.getStatus()).isEqualTo(CommandStatus.TIMED_OUT);
        assertThat(r.getReason()).contains("300 ms");
    }

    @Test
    void aFailingConnectorBecomesAPbxError() throws Exception {
        fleet.behave("pbx-a", c -> Future.failedFuture(new IllegalStateException("bug in connector")));

        CommandResult r = run(TestCommands.dial("c1", "pbx-a"));

        assertThat(r.getStatus()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(r.getReason()).contains("bug in connector");
    }

    @Test
    void commandsOfOnePbxRunInOrderAndASlowPbxDoesNotDelayAnother() throws Exception {
        Promise<CommandOutcome> slow = Promise.promise();
        fleet.behave("pbx-a", c -> c.getCommandId().equals("a0") ? slow.future()
                : Future.succeededFuture(CommandOutcome.succeeded(null, null)));
        List<CompletableFuture<CommandResult>> aResults = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            aResults.add(submit(TestCommands.dial("a" + i, "pbx-a"), "pbx-a"));
        }
        List<CompletableFuture<CommandResult>> bResults = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bResults.add(submit(TestCommands.dial("b" + i, "pbx-b"), "pbx-b"));
        }

        for (CompletableFuture<CommandResult> b : bResults) {
            assertThat(b.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
        }
        assertThat(session("pbx-a").receivedIds()).as("a1.. wait behind a0").containsExactly("a0");
        assertThat(aResults).noneMatch(CompletableFuture::isDone);

        slow.complete(CommandOutcome.succeeded(null, null));
        for (CompletableFuture<CommandResult> a : aResults) {
            assertThat(a.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
        }
        assertThat(session("pbx-a").receivedIds()).containsExactly("a0", "a1", "a2", "a3", "a4");
        assertThat(session("pbx-b").receivedIds()).containsExactly("b0", "b1", "b2", "b3", "b4");
    }

    @Test
    void aPbxThatMovedAwayGetsNoResultFromHere() {
        owned.remove("pbx-a");
        fleet.behave("pbx-a", c -> Future.succeededFuture(CommandOutcome.succeeded(null, null)));

        assertThatThrownBy(() -> run(TestCommands.dial("c1", "pbx-a")))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CommandRouting.NotOwnedException.class);
        assertThat(session("pbx-a").received()).isEmpty();
    }

    private static void waitFor(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
