package io.pbxbridge.bridge.session;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.kafka.TopicProvisioner;
import io.pbxbridge.bridge.tail.TopicTail;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.yeastar.report.YeastarReportNormalizer;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Following scales with the PBXes an instance owns and never reads back what the instance wrote: three
 * instances on one broker (A and B each own two of five PBXes, C owns none, as an ingress behind a load
 * balancer) publish the calls of every PBX, each call's reports spread over the instances. Each session is
 * handed every record of its PBX exactly once and in order per call; an instance decodes only the records
 * other instances wrote about its own PBXes (the {@code ce_source} header decides, before decoding) — what
 * it published itself it hands over from the acknowledgement.
 */
@WithKafka
class ReportFollowerTest {
    private static final BridgeInfo BRIDGE = new BridgeInfo("test", "follower-test");
    private static final SingleObjectCodec CODEC = new SingleObjectCodec();
    private static final AtomicLong CALLS = new AtomicLong(1_700_000_000L);
    private static final List<String> STEPS = List.of("RING", "ANSWER", "BYE");
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    /** One bridge instance's part: its publisher, its sessions (recording what they are handed) and its follower. */
    private record Instance(KafkaRecordPublisher publisher, ReportFollower follower, Map<String, List<CallEvent>> seen,
                            List<String> othersRecords) {
        static Instance owning(KafkaBroker kafka, String prefix, String... pbxIds) {
            Map<String, List<CallEvent>> seen = new ConcurrentHashMap<>();
            List<String> othersRecords = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            SessionSupervisor sessions = new SessionSupervisor(vertx, id -> new RecordingSession(id, seen));
            for (String id : pbxIds) {
                Await.result(sessions.start(id));
            }
            KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, CODEC,
                    new SimpleMeterRegistry());
            ReportFollower follower = new ReportFollower(vertx, new TopicTail(vertx, new HashMap<>(kafka.clientConfig()),
                    CODEC), sessions, t -> t.nameWith(prefix), publisher,
                    r -> othersRecords.add(ReportHandover.header(r).getPbxId())); // what the status page is told
            Await.result(follower.start());
            return new Instance(publisher, follower, seen, othersRecords);
        }

        int seenOf(String pbxId) {
            return seen.getOrDefault(pbxId, List.of()).size();
        }

        int seenTotal() {
            return seen.values().stream().mapToInt(List::size).sum();
        }

        void close() {
            Await.result(follower.stop());
            Await.result(publisher.close());
        }
    }

    @Test
    void eachSessionSeesItsPbxInOrderAndOnlyOtherInstancesRecordsOfOwnedPbxesAreDecoded(KafkaBroker kafka)
            throws Exception {
        String prefix = kafka.uniquePrefix("follow");
        try (TopicProvisioner provisioner = new TopicProvisioner(vertx, kafka.clientConfig(), prefix, 3, (short) 1,
                Duration.ofSeconds(20))) {
            Await.result(provisioner.provision());
        }
        Instance a = Instance.owning(kafka, prefix, "pbx-a1", "pbx-a2");
        Instance b = Instance.owning(kafka, prefix, "pbx-b1", "pbx-b2");
        Instance c = Instance.owning(kafka, prefix);
        List<Instance> instances = List.of(a, b, c);
        try {
            // Followers start at the end of the topics: wait until both read what another instance publishes now.
            Await.until("both followers reading", () -> {
                Await.result(c.publisher().publish(report("pbx-a1", "RING", String.valueOf(CALLS.incrementAndGet()))));
                Await.result(c.publisher().publish(report("pbx-b1", "RING", String.valueOf(CALLS.incrementAndGet()))));
                return a.seenOf("pbx-a1") > 0 && b.seenOf("pbx-b1") > 0;
            });
            settle(a, b);
            a.seen().clear();
            b.seen().clear();
            a.othersRecords().clear();
            b.othersRecords().clear();
            long decodedA = a.follower().decoded();
            long decodedB = b.follower().decoded();

            // Every call's reports go to the instances in turn, each one published after the previous one was
            // acknowledged (a PBX waits for its 200): the call's order is the order of its reports.
            int callsPerPbx = 12;
            List<String> pbxes = List.of("pbx-a1", "pbx-a2", "pbx-b1", "pbx-b2", "pbx-nobody");
            // Per PBX, how many of its reports each instance (by index) took.
            Map<String, int[]> published = new HashMap<>();
            int turn = 0;
            for (int call = 0; call < callsPerPbx; call++) {
                for (String pbx : pbxes) {
                    String callId = String.valueOf(CALLS.incrementAndGet());
                    for (String step : STEPS) {
                        int via = turn++ % instances.size();
                        Await.result(instances.get(via).publisher().publish(report(pbx, step, callId)));
                        published.computeIfAbsent(pbx, k -> new int[instances.size()])[via]++;
                    }
                }
            }
            int perPbx = callsPerPbx * STEPS.size();
            Await.until("every owned PBX's records handed over", () -> a.seenTotal() >= 2 * perPbx
                    && b.seenTotal() >= 2 * perPbx);
            // A record handed over twice, or decoded by the wrong instance, would show up here, a little later at most.
            settle(a, b);

            assertThat(a.seen()).containsOnlyKeys("pbx-a1", "pbx-a2");
            assertThat(b.seen()).containsOnlyKeys("pbx-b1", "pbx-b2");
            for (Instance instance : List.of(a, b)) {
                instance.seen().forEach((pbx, events) -> {
                    assertThat(events).as("records handed to the session of %s", pbx).hasSize(perPbx)
                            .allMatch(e -> e.getHeader().getPbxId().equals(pbx));
                    assertInOrderPerCall(pbx, events);
                });
            }
            // A is instance 0, B instance 1: what the others took of their PBXes' reports.
            long foreignOfA = perPbx - published.get("pbx-a1")[0] + perPbx - published.get("pbx-a2")[0];
            long foreignOfB = perPbx - published.get("pbx-b1")[1] + perPbx - published.get("pbx-b2")[1];
            assertThat(foreignOfA).as("A's PBXes' reports other instances took").isPositive().isLessThan(2 * perPbx);
            assertThat(a.follower().decoded() - decodedA).as("records decoded by A: other instances' records of A's PBXes")
                    .isEqualTo(foreignOfA);
            assertThat(b.follower().decoded() - decodedB).as("records decoded by B: other instances' records of B's PBXes")
                    .isEqualTo(foreignOfB);
            assertThat(c.follower().decoded()).as("records decoded by C, which owns nothing").isZero();
            // The status page of each owner is told of exactly those: its own records it has from its publisher.
            assertThat(a.othersRecords()).hasSize((int) foreignOfA).containsOnly("pbx-a1", "pbx-a2");
            assertThat(b.othersRecords()).hasSize((int) foreignOfB).containsOnly("pbx-b1", "pbx-b2");
            assertThat(c.othersRecords()).isEmpty();
        } finally {
            instances.forEach(Instance::close);
        }
    }

    @Test
    void anInstanceAloneDecodesNothingAndHandsOverEveryReportOfItsPbxes(KafkaBroker kafka) throws Exception {
        String prefix = kafka.uniquePrefix("alone");
        try (TopicProvisioner provisioner = new TopicProvisioner(vertx, kafka.clientConfig(), prefix, 3, (short) 1,
                Duration.ofSeconds(20))) {
            Await.result(provisioner.provision());
        }
        Instance a = Instance.owning(kafka, prefix, "pbx-a1");
        try {
            int calls = 50;
            List<io.vertx.core.Future<Void>> all = new java.util.ArrayList<>();
            for (int call = 0; call < calls; call++) {
                String callId = String.valueOf(CALLS.incrementAndGet());
                for (String step : STEPS) {
                    // Not waiting for each acknowledgement: reports of many calls in flight at once.
                    all.add(a.publisher().publish(report(step.equals("BYE") ? "pbx-other" : "pbx-a1", step, callId)));
                }
            }
            Await.result(io.vertx.core.Future.all(all));
            Await.until("every report handed over", () -> a.seenOf("pbx-a1") >= 2 * calls);
            Thread.sleep(500);
            assertThat(a.seenOf("pbx-a1")).isEqualTo(2 * calls);
            assertInOrderPerCall("pbx-a1", a.seen().get("pbx-a1"));
            assertThat(a.follower().decoded()).as("records read back and decoded").isZero();
            // What it wrote it has from the acknowledgements: the follower skips it before fetching it (a record
            // is fetched only when its acknowledgement is late by more than a tick, e.g. under a pause).
            assertThat(a.follower().recordsRead()).as("records of its own the follower fetched, of %d", 3 * calls)
                    .isLessThan(3 * calls / 10);
        } finally {
            a.close();
        }
    }

    /** Each call's events reached the session as RING, ANSWER, BYE (those of it that are the session's). */
    private static void assertInOrderPerCall(String pbx, List<CallEvent> events) {
        Map<String, List<String>> byCall = new java.util.LinkedHashMap<>();
        events.forEach(e -> byCall.computeIfAbsent(e.getCallId(), k -> new java.util.ArrayList<>()).add(e.getTypeRaw()));
        byCall.forEach((call, steps) -> assertThat(steps).as("reports of call %s of %s as the session saw them", call, pbx)
                .isEqualTo(STEPS.subList(0, steps.size())));
    }

    /** Waits until neither instance has been handed anything new for half a second. */
    private static void settle(Instance a, Instance b) throws InterruptedException {
        long last = -1;
        long now = a.seenTotal() + b.seenTotal() + a.follower().decoded() + b.follower().decoded();
        while (now != last) {
            Thread.sleep(500);
            last = now;
            now = a.seenTotal() + b.seenTotal() + a.follower().decoded() + b.follower().decoded();
        }
    }

    /** A Yeastar v1.1.0 call report of a two-extension call, normalized as the ingress does it. */
    private static List<NormalizedRecord> report(String pbxId, String action, String callId) {
        PbxConfig pbx = new PbxConfig(pbxId, "yeastar-s", URI.create("http://127.0.0.1:1"), "api", Secret.of("x"),
                "1.1.0", Secret.of("0123456789abcdef-secret"), List.of(), null, Duration.ofMinutes(5), ZoneOffset.UTC,
                PbxOptions.none());
        String body = "{\"action\":\"" + action + "\",\"callid\":\"" + callId
                + ".1\",\"call\":[{\"ext\":{\"extid\":\"1002\"}},{\"ext\":{\"extid\":\"1001\"}}],\"sn\":\"369\"}";
        try {
            return new YeastarReportNormalizer(pbx, BRIDGE).normalize(new RawReport(pbxId,
                    body.getBytes(StandardCharsets.UTF_8), Instant.now(), IngressChannel.HTTP_REPORT));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A session that remembers the call events it was handed. */
    private static final class RecordingSession implements PbxSession {
        private final String pbxId;
        private final Map<String, List<CallEvent>> seen;
        private volatile SessionState state = SessionState.STARTING;

        RecordingSession(String pbxId, Map<String, List<CallEvent>> seen) {
            this.pbxId = pbxId;
            this.seen = seen;
        }

        @Override
        public String pbxId() {
            return pbxId;
        }

        @Override
        public Future<Void> start() {
            state = SessionState.UP;
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> stop() {
            state = SessionState.STOPPED;
            return Future.succeededFuture();
        }

        @Override
        public SessionState state() {
            return state;
        }

        @Override
        public Future<CommandOutcome> execute(Command command) {
            return Future.succeededFuture(CommandOutcome.succeeded(null, "{}"));
        }

        @Override
        public void observe(List<NormalizedRecord> records) {
            for (NormalizedRecord r : records) {
                if (r.value() instanceof CallEvent event) {
                    seen.computeIfAbsent(pbxId, k -> new CopyOnWriteArrayList<>()).add(event);
                }
            }
        }
    }
}
