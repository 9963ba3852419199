package io.pbxbridge.bridge.command;

import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command pipeline against a real broker; the PBX side is a fake session. */
@WithKafka
class CommandConsumerKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Vertx vertx;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private CommandTopics topics(KafkaBroker broker, String hint, int partitions) {
        CommandTopics t = new CommandTopics(broker, hint, partitions);
        closeables.add(t);
        return t;
    }

    private CommandBridgeInstance instance(String id, CommandSettings settings, List<String> pbxIds, FakePbxFleet fleet,
                                           CommandTopics topics) {
        CommandBridgeInstance b = new CommandBridgeInstance(vertx, id, settings, pbxIds, fleet, topics.codec);
        closeables.add(b);
        return b.start();
    }

    private static Map<String, CommandResult> byId(List<CommandResult> results) {
        return results.stream().collect(Collectors.toMap(CommandResult::getCommandId, r -> r, (a, b) -> a));
    }

    @Test
    void publishesOneResultPerCommandAndOwnsPbxesByTheProducersPartition(KafkaBroker broker) {
        CommandTopics topics = topics(broker, "one-result", 3);
        List<String> pbxIds = List.of("pbx-a", "pbx-b", "pbx-c");
        FakePbxFleet fleet = new FakePbxFleet();
        CommandBridgeInstance bridge = instance("i1", topics.settings(), pbxIds, fleet, topics);

        Set<String> sent = new HashSet<>();
        for (String pbx : pbxIds) {
            for (int i = 0; i < 2; i++) {
                Command c = TestCommands.dial(pbx + "-c" + i, pbx);
                RecordMetadata where = topics.send(c);
                sent.add(c.getCommandId());
                assertThat(where.partition()).as("partition of %s", pbx).isEqualTo(PartitionOwnership.partitionOf(pbx, 3));
            }
        }

        List<ConsumedRecord> records = topics.resultRecords(6);
        List<CommandResult> results = records.stream()
                .map(r -> topics.codec.decode(r.topic(), r.value(), CommandResult.class)).toList();
        assertThat(results).extracting(CommandResult::getCommandId).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(r.getExecutedBy()).isEqualTo("i1");
            assertThat(r.getReplayed()).isFalse();
        });
        assertThat(records).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(topics.codec.decode(r.topic(), r.value(), CommandResult.class).getPbxId());
            assertThat(r.header(CloudEventHeaders.TYPE)).isEqualTo("io.pbxbridge.command-result.succeeded");
            // schemas/README: ce_id is the command_id of commands and results (issue 10 item 9).
            assertThat(r.header(CloudEventHeaders.ID))
                    .isEqualTo(topics.codec.decode(r.topic(), r.value(), CommandResult.class).getCommandId());
        });
        assertThatThrownBy(() -> topics.results(7, Duration.ofSeconds(1)))
                .as("exactly one result per command").isInstanceOf(AssertionError.class);
        assertThat(bridge.consumer.ownedPbxIds()).containsExactlyInAnyOrderElementsOf(pbxIds);
        for (String pbx : pbxIds) {
            assertThat(fleet.executed(pbx)).containsExactly(pbx + "-c0", pbx + "-c1");
            assertThat(fleet.maxRunning(pbx)).isEqualTo(1);
        }
        assertThat(bridge.consumer.metrics().count("pbx-a", CommandStatus.SUCCEEDED)).isEqualTo(2);
    }

    @Test
    void answersInvalidUnknownExpiredAndRepeatedCommandsWithoutTouchingThePbx(KafkaBroker broker) {
        CommandTopics topics = topics(broker, "rejections", 1);
        FakePbxFleet fleet = new FakePbxFleet();
        CommandBridgeInstance bridge = instance("i1", topics.settings(), List.of("pbx-a"), fleet, topics);

        topics.send(TestCommands.dial("bad-number", "pbx-a", "1000", "12ab"));
        topics.send(TestCommands.dial("who", "pbx-unknown"));
        topics.send(Command.newBuilder(TestCommands.dial("late", "pbx-a"))
                .setIssuedAt(Instant.now().minusSeconds(30)).setExpiresAt(Instant.now().minusSeconds(1)).build());
        topics.send(TestCommands.dial("twice", "pbx-a"));
        topics.send(TestCommands.dial("twice", "pbx-a"));

        Map<String, List<CommandResult>> results = topics.results(5).stream()
                .collect(Collectors.groupingBy(CommandResult::getCommandId));
        assertThat(results.get("bad-number")).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(CommandStatus.INVALID);
            assertThat(r.getReason()).contains("dial.to.number: '12ab' is not a number");
        });
        assertThat(results.get("who")).singleElement()
                .satisfies(r -> assertThat(r.getStatus()).isEqualTo(CommandStatus.UNKNOWN_PBX));
        assertThat(results.get("late")).singleElement()
                .satisfies(r -> assertThat(r.getStatus()).isEqualTo(CommandStatus.EXPIRED));
        assertThat(results.get("twice")).hasSize(2)
                .extracting(CommandResult::getReplayed).containsExactly(false, true);
        assertThat(results.get("twice")).extracting(CommandResult::getCallId).containsOnly("call-twice");
        assertThat(fleet.executed("pbx-a")).containsExactly("twice");
        assertThat(bridge.consumer.metrics().count("pbx-a", CommandStatus.EXPIRED)).isEqualTo(1);
    }

    @Test
    void undecodableRecordsGoToTheDeadLetterTopicAndGetAResultWhenTheirIdIsKnown(KafkaBroker broker) {
        CommandTopics topics = topics(broker, "undecodable", 1);
        FakePbxFleet fleet = new FakePbxFleet();
        CommandBridgeInstance bridge = instance("i1", topics.settings(), List.of("pbx-a"), fleet, topics);

        RecordMetadata withId = topics.sendRaw("pbx-a", "not avro".getBytes(StandardCharsets.UTF_8), "garbled-1");
        topics.sendRaw("pbx-a", new byte[]{(byte) 0xC3, 0x01, 1, 2}, null);
        topics.sendRaw("pbx-a", "{\"command_id\":\"json-1\",\"pbx_id\":\"pbx-a\"}".getBytes(StandardCharsets.UTF_8), null);
        topics.send(TestCommands.dial("fine", "pbx-a"));

        List<DeadLetter> dead = topics.deadLetters(3);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.getSource()).isEqualTo(DeadLetterSource.COMMAND);
            assertThat(d.getPbxId()).isEqualTo("pbx-a");
            assertThat(d.getReason()).startsWith("undecodable command:");
        });
        assertThat(dead.get(0).getSourceDetail())
                .isEqualTo(topics.topic(BridgeTopic.COMMANDS) + "/0/" + withId.offset());
        assertThat(StandardCharsets.UTF_8.decode(dead.get(0).getRaw()).toString()).isEqualTo("not avro");

        Map<String, CommandResult> results = byId(topics.results(3));
        assertThat(results.keySet()).containsExactlyInAnyOrder("garbled-1", "json-1", "fine");
        assertThat(results.get("garbled-1").getStatus()).isEqualTo(CommandStatus.INVALID);
        assertThat(results.get("garbled-1").getReason()).contains("undecodable command");
        assertThat(results.get("json-1").getStatus()).isEqualTo(CommandStatus.INVALID);
        assertThat(results.get("fine").getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThatThrownBy(() -> topics.results(4, Duration.ofSeconds(1))).isInstanceOf(AssertionError.class);
        assertThat(bridge.consumer.metrics().deadLetterCount()).isEqualTo(3);
        assertThat(fleet.executed("pbx-a")).containsExactly("fine");
    }

    @Test
    void retriesAPbxThatIsDownUntilExpiryThenAnswersUnavailable(KafkaBroker broker) {
        CommandTopics topics = topics(broker, "pbx-down", 1);
        FakePbxFleet fleet = new FakePbxFleet();
        fleet.behave("pbx-a", c -> Future.succeededFuture(
                CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE, null, "PBX not reachable")));
        CommandBridgeInstance bridge = instance("i1", topics.settings(), List.of("pbx-a"), fleet, topics);
        Waits.until("pbx-a owned", WAIT, () -> bridge.consumer.ownedPbxIds().contains("pbx-a"));

        Command c = TestCommands.expiringIn(TestCommands.dial("c1", "pbx-a"), Duration.ofMillis(1500));
        topics.send(c);

        CommandResult r = topics.results(1).get(0);
        assertThat(r.getStatus()).isEqualTo(CommandStatus.PBX_UNAVAILABLE);
        assertThat(r.getReason()).contains("PBX not reachable");
        assertThat(fleet.executed("pbx-a").size()).as("attempts").isGreaterThan(1);
        assertThat(fleet.sessions().get(0).received()).allSatisfy(x -> assertThat(x.at()).isBefore(c.getExpiresAt()));
    }

    @Test
    void keepsOrderPerPbxAndASlowPbxDoesNotBlockAnother(KafkaBroker broker) {
        CommandTopics topics = topics(broker, "lanes", 1);
        FakePbxFleet fleet = new FakePbxFleet();
        Promise<CommandOutcome> gate = Promise.promise();
        fleet.behave("slow", c -> c.getCommandId().equals("slow-0") ? gate.future()
                : Future.succeededFuture(CommandOutcome.succeeded(null, null)));
        instance("i1", topics.settings(), List.of("slow", "fast"), fleet, topics);

        for (int i = 0; i < 4; i++) {
            topics.send(TestCommands.dial("slow-" + i, "slow"));
        }
        for (int i = 0; i < 4; i++) {
            topics.send(TestCommands.dial("fast-" + i, "fast"));
        }

        List<CommandResult> fast = topics.results(4);
        assertThat(fast).extracting(CommandResult::getCommandId).containsExactly("fast-0", "fast-1", "fast-2", "fast-3");
        assertThat(fleet.executed("slow")).containsExactly("slow-0");

        vertx.runOnContext(v -> gate.complete(CommandOutcome.succeeded(null, null)));
        List<CommandResult> all = topics.results(8);
        assertThat(all).extracting(CommandResult::getCommandId).filteredOn(id -> id.startsWith("slow"))
                .containsExactly("slow-0", "slow-1", "slow-2", "slow-3");
        assertThat(fleet.executed("slow")).containsExactly("slow-0", "slow-1", "slow-2", "slow-3");
    }

    @Test
    void pausesAPartitionWhileABacklogIsFullAndLosesNothing(KafkaBroker broker) {
        CommandTopics topics = topics(broker, "backpressure", 1);
        FakePbxFleet fleet = new FakePbxFleet();
        Promise<CommandOutcome> gate = Promise.promise();
        fleet.behave("pbx-a", c -> c.getCommandId().equals("c0") ? gate.future()
                : Future.succeededFuture(CommandOutcome.succeeded(null, null)));
        CommandBridgeInstance bridge = instance("i1", topics.settings().withLanes(1, 3), List.of("pbx-a"), fleet, topics);

        for (int i = 0; i < 12; i++) {
            topics.send(TestCommands.dial("c" + i, "pbx-a"));
        }
        Waits.until("partition paused", WAIT, () -> gauge(bridge, "pbx_command_partitions_paused") == 1.0);
        Waits.until("c0 at the PBX", WAIT, () -> !fleet.executed("pbx-a").isEmpty());
        assertThat(fleet.executed("pbx-a")).as("the rest waits behind c0").containsExactly("c0");
        assertThat(gauge(bridge, "pbx_command_backlog")).as("bounded backlog, one poll batch at most over")
                .isBetween(3.0, 3.0 + 100);

        vertx.runOnContext(v -> gate.complete(CommandOutcome.succeeded(null, null)));
        List<CommandResult> results = topics.results(12);
        assertThat(results).extracting(CommandResult::getCommandId)
                .containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11");
        Waits.until("partition resumed", WAIT, () -> gauge(bridge, "pbx_command_partitions_paused") == 0.0);
        assertThat(fleet.executed("pbx-a")).hasSize(12);
    }

    @Test
    void commitsOnlyAfterResultsSoARestartRunsExactlyTheUnfinishedCommands(KafkaBroker broker) {
        CommandTopics topics = topics(broker, "restart", 1);
        CommandSettings settings = topics.settings();
        FakePbxFleet first = new FakePbxFleet();
        first.behave("pbx-a", c -> c.getCommandId().equals("stuck-2") ? Promise.<CommandOutcome>promise().future()
                : Future.succeededFuture(CommandOutcome.succeeded(null, null)));
        CommandBridgeInstance one = instance("i1", settings, List.of("pbx-a", "pbx-b"), first, topics);

        topics.send(TestCommands.dial("done-0", "pbx-a"));
        topics.send(TestCommands.dial("done-1", "pbx-a"));
        topics.send(TestCommands.dial("stuck-2", "pbx-a"));
        topics.send(TestCommands.dial("done-3", "pbx-b"));
        assertThat(topics.results(3)).extracting(CommandResult::getCommandId)
                .containsExactlyInAnyOrder("done-0", "done-1", "done-3");
        Waits.until("stuck command reached the PBX", WAIT, () -> first.executed("pbx-a").contains("stuck-2"));

        one.stop();
        assertThat(topics.committed(settings.groupId(), 0))
                .as("offset 2 has no result yet, so nothing from it on is committed").isEqualTo(2);

        FakePbxFleet second = new FakePbxFleet();
        instance("i2", settings, List.of("pbx-a", "pbx-b"), second, topics);

        Map<String, List<CommandResult>> results = topics.results(5).stream()
                .collect(Collectors.groupingBy(CommandResult::getCommandId));
        assertThat(second.executed("pbx-a")).as("only the unfinished command runs again").containsExactly("stuck-2");
        assertThat(second.executed("pbx-b")).as("finished after the gap: answered from its recorded result").isEmpty();
        assertThat(results.get("stuck-2")).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(r.getExecutedBy()).isEqualTo("i2");
        });
        assertThat(results.get("done-3")).extracting(CommandResult::getReplayed).containsExactly(false, true);
        Waits.until("all four committed", WAIT, () -> topics.committed(settings.groupId(), 0) == 4);
    }

    @Test
    void twoInstancesShareThePbxesAndTheSurvivorTakesOver(KafkaBroker broker) {
        CommandTopics topics = topics(broker, "two-instances", 4);
        List<String> pbxIds = pbxIdsCoveringPartitions(4, 8);
        FakePbxFleet fleet = new FakePbxFleet();
        CommandSettings settings = topics.settings();

        CommandBridgeInstance a = instance("a", settings, pbxIds, fleet, topics);
        Waits.until("a owns everything", WAIT, () -> a.consumer.ownedPbxIds().size() == pbxIds.size(),
                () -> a.consumer.ownedPbxIds());
        CommandBridgeInstance b = instance("b", settings, pbxIds, fleet, topics);
        Waits.until("a and b split the PBXes", WAIT, () -> split(a, b, pbxIds, fleet),
                () -> Map.of("a", a.consumer.ownedPbxIds(), "b", b.consumer.ownedPbxIds()));

        Map<String, String> ownerBefore = new java.util.HashMap<>();
        a.consumer.ownedPbxIds().forEach(p -> ownerBefore.put(p, "a"));
        b.consumer.ownedPbxIds().forEach(p -> ownerBefore.put(p, "b"));
        for (String pbx : pbxIds) {
            topics.send(TestCommands.dial("first-" + pbx, pbx));
        }
        Map<String, CommandResult> round1 = byId(topics.results(pbxIds.size()));
        for (String pbx : pbxIds) {
            assertThat(round1.get("first-" + pbx).getExecutedBy()).as(pbx).isEqualTo(ownerBefore.get(pbx));
            assertThat(fleet.executed(pbx)).containsExactly("first-" + pbx);
        }

        b.stop();
        Waits.until("a owns everything again", WAIT, () -> a.consumer.ownedPbxIds().size() == pbxIds.size()
                && pbxIds.stream().allMatch(p -> fleet.running(p) == 1), () -> a.consumer.ownedPbxIds());
        for (String pbx : pbxIds) {
            topics.send(TestCommands.dial("second-" + pbx, pbx));
        }
        Map<String, CommandResult> all = byId(topics.results(2 * pbxIds.size()));
        for (String pbx : pbxIds) {
            assertThat(all.get("second-" + pbx).getExecutedBy()).as(pbx).isEqualTo("a");
            assertThat(all.get("second-" + pbx).getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(fleet.maxRunning(pbx)).as("sessions of %s at once", pbx).isEqualTo(1);
        }
    }

    /** Both own some, together all, none twice, and exactly one session per PBX runs. */
    private static boolean split(CommandBridgeInstance a, CommandBridgeInstance b, List<String> pbxIds, FakePbxFleet fleet) {
        Set<String> oa = a.consumer.ownedPbxIds();
        Set<String> ob = b.consumer.ownedPbxIds();
        if (oa.isEmpty() || ob.isEmpty() || oa.size() + ob.size() != pbxIds.size()) {
            return false;
        }
        Set<String> union = new HashSet<>(oa);
        union.addAll(ob);
        return union.containsAll(pbxIds) && pbxIds.stream().allMatch(p -> fleet.running(p) == 1)
                && a.supervisor.owned().size() == oa.size() && b.supervisor.owned().size() == ob.size();
    }

    /** {@code count} PBX ids whose keys cover every one of {@code partitions} partitions. */
    private static List<String> pbxIdsCoveringPartitions(int partitions, int count) {
        List<String> ids = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; ids.size() < count || covered.size() < partitions; i++) {
            String id = "pbx-" + i;
            int p = PartitionOwnership.partitionOf(id, partitions);
            if (!covered.contains(p) || ids.size() < count - (partitions - covered.size())) {
                ids.add(id);
                covered.add(p);
            }
        }
        return ids;
    }

    private static double gauge(CommandBridgeInstance b, String name) {
        var g = b.registry.find(name).gauge();
        return g == null ? Double.NaN : g.value();
    }

    @SuppressWarnings("unused")
    private static Function<Command, Future<CommandOutcome>> ok() {
        return c -> Future.succeededFuture(CommandOutcome.succeeded(null, null));
    }
}
