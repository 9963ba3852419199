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
 * Following scales with the PBXes an instance owns: two followers on one broker, each owning two of
 * five PBXes, decode exactly the records of their own PBXes (the {@code ce_source} header decides,
 * before decoding) and hand each session only its PBX's records.
 */
@WithKafka
class ReportFollowerTest {
    private static final BridgeInfo BRIDGE = new BridgeInfo("test", "follower-test");
    private static final SingleObjectCodec CODEC = new SingleObjectCodec();
    private static final AtomicLong CALLS = new AtomicLong(1_700_000_000L);
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    /** One bridge instance's part: its sessions (recording what they are handed) and its follower. */
    private record Instance(ReportFollower follower, Map<String, List<CallEvent>> seen) {
        static Instance owning(KafkaBroker kafka, String prefix, String... pbxIds) {
            Map<String, List<CallEvent>> seen = new ConcurrentHashMap<>();
            SessionSupervisor sessions = new SessionSupervisor(vertx, id -> new RecordingSession(id, seen));
            for (String id : pbxIds) {
                Await.result(sessions.start(id));
            }
            ReportFollower follower = new ReportFollower(new TopicTail(vertx, new HashMap<>(kafka.clientConfig()), CODEC),
                    sessions, t -> t.nameWith(prefix));
            Await.result(follower.start());
            return new Instance(follower, seen);
        }

        int seenOf(String pbxId) {
            return seen.getOrDefault(pbxId, List.of()).size();
        }

        int seenTotal() {
            return seen.values().stream().mapToInt(List::size).sum();
        }
    }

    @Test
    void eachInstanceDecodesOnlyTheRecordsOfThePbxesItOwns(KafkaBroker kafka) throws Exception {
        String prefix = kafka.uniquePrefix("follow");
        try (TopicProvisioner provisioner = new TopicProvisioner(vertx, kafka.clientConfig(), prefix, 3, (short) 1,
                Duration.ofSeconds(20))) {
            Await.result(provisioner.provision());
        }
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, CODEC,
                new SimpleMeterRegistry());
        Instance a = Instance.owning(kafka, prefix, "pbx-a1", "pbx-a2");
        Instance b = Instance.owning(kafka, prefix, "pbx-b1", "pbx-b2");
        try {
            // Followers start at the end of the topics: wait until both read what is published now.
            Await.until("both followers reading", () -> {
                Await.result(publisher.publish(ring("pbx-a1")));
                Await.result(publisher.publish(ring("pbx-b1")));
                return a.seenOf("pbx-a1") > 0 && b.seenOf("pbx-b1") > 0;
            });
            settle(a, b);
            int seenA = a.seenTotal();
            int seenB = b.seenTotal();
            long decodedA = a.follower().decoded();
            long decodedB = b.follower().decoded();

            int perPbx = 20;
            for (int i = 0; i < perPbx; i++) {
                for (String pbx : List.of("pbx-a1", "pbx-a2", "pbx-b1", "pbx-b2", "pbx-nobody")) {
                    Await.result(publisher.publish(ring(pbx)));
                }
            }
            Await.until("every owned PBX's records followed", () -> a.seenTotal() >= seenA + 2 * perPbx
                    && b.seenTotal() >= seenB + 2 * perPbx);
            // A record decoded by the wrong instance would show up here, a little later at most.
            settle(a, b);

            assertThat(a.seenTotal() - seenA).as("records handed to A's sessions").isEqualTo(2 * perPbx);
            assertThat(b.seenTotal() - seenB).as("records handed to B's sessions").isEqualTo(2 * perPbx);
            assertThat(a.follower().decoded() - decodedA).as("records decoded by A").isEqualTo(2 * perPbx);
            assertThat(b.follower().decoded() - decodedB).as("records decoded by B").isEqualTo(2 * perPbx);
            assertThat(a.seen()).containsOnlyKeys("pbx-a1", "pbx-a2");
            assertThat(b.seen()).containsOnlyKeys("pbx-b1", "pbx-b2");
            for (Instance instance : List.of(a, b)) {
                instance.seen().forEach((pbx, events) -> assertThat(events).as("handed to the session of %s", pbx)
                        .allMatch(e -> e.getHeader().getPbxId().equals(pbx)));
            }
        } finally {
            Await.result(a.follower().stop());
            Await.result(b.follower().stop());
            Await.result(publisher.close());
        }
    }

    /** Waits until neither follower has decoded anything new for half a second. */
    private static void settle(Instance a, Instance b) throws InterruptedException {
        long last = -1;
        long now = a.follower().decoded() + b.follower().decoded();
        while (now != last) {
            Thread.sleep(500);
            last = now;
            now = a.follower().decoded() + b.follower().decoded();
        }
    }

    /** A Yeastar RING report of a new call, normalized as the ingress does it. */
    private static List<NormalizedRecord> ring(String pbxId) {
        PbxConfig pbx = new PbxConfig(pbxId, "yeastar-s", URI.create("http://127.0.0.1:1"), "api", Secret.of("x"),
                "1.1.0", Secret.of("0123456789abcdef-secret"), List.of(), null, Duration.ofMinutes(5), ZoneOffset.UTC,
                PbxOptions.none());
        String body = "{\"action\":\"RING\",\"callid\":\"" + CALLS.incrementAndGet()
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
