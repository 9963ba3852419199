package io.pbxbridge.bridge.ingress;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.kafka.TopicProvisioner;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.yeastar.report.YeastarReportNormalizer;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The report ingress over real HTTP, publishing to a real broker. */
@WithKafka
class ReportIngressServerTest {
    private static final String SECRET = "0123456789abcdef-secret";
    private static final BridgeInfo BRIDGE = new BridgeInfo("test", "ingress-test");
    private static final SingleObjectCodec CODEC = new SingleObjectCodec();
    private static Vertx vertx;
    private static WebClient http;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        http = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() {
        http.close();
        Await.result(vertx.close());
    }

    private static PbxConfig pbx(String id, List<String> allowed) {
        return new PbxConfig(id, "yeastar-s", URI.create("http://127.0.0.1:1"), "api", Secret.of("x"), "1.1.0",
                Secret.of(SECRET), allowed, null, Duration.ofMinutes(5), ZoneOffset.UTC, null);
    }

    private static Map<String, IngressRoute> routes(PbxConfig... pbxes) {
        Map<String, IngressRoute> routes = new java.util.LinkedHashMap<>();
        for (PbxConfig p : pbxes) {
            routes.put(p.id(), new IngressRoute(p, Vendor.YEASTAR_S, new YeastarReportNormalizer(p, BRIDGE),
                    new SourceAddressFilter(p.allowedSourceIps())));
        }
        return routes;
    }

    private static ReportIngressServer server(Map<String, IngressRoute> routes, EventSink sink, int maxInFlight) {
        return server(routes, sink, maxInFlight, 1);
    }

    private static ReportIngressServer server(Map<String, IngressRoute> routes, EventSink sink, int maxInFlight,
                                              int instances) {
        return server(routes, sink, maxInFlight, instances, new SimpleMeterRegistry());
    }

    private static ReportIngressServer server(Map<String, IngressRoute> routes, EventSink sink, int maxInFlight,
                                              int instances, SimpleMeterRegistry registry) {
        IngressSettings settings = new IngressSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), 2048,
                maxInFlight, 7, Duration.ofSeconds(10), instances);
        return new ReportIngressServer(vertx, settings, routes, sink, BRIDGE, registry);
    }

    private static HttpResponse<Buffer> post(int port, String path, String body) {
        return Await.result(http.post(port, "127.0.0.1", path).sendBuffer(Buffer.buffer(body)));
    }

    @Test
    void acknowledgesOnlyPublishedReportsAndKeepsBadOnesWhole(KafkaBroker kafka) {
        String prefix = kafka.uniquePrefix("ingress");
        try (TopicProvisioner provisioner = new TopicProvisioner(vertx, kafka.clientConfig(), prefix, 1, (short) 1,
                Duration.ofSeconds(20))) {
            Await.result(provisioner.provision());
        }
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, CODEC,
                new SimpleMeterRegistry());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReportIngressServer server = server(routes(pbx("pbx1", List.of()), pbx("locked", List.of("10.9.9.9"))),
                publisher, 100, 1, registry);
        int port = Await.result(server.start());
        try {
            String report = "{\"action\":\"ExtensionStatus\",\"extension\":\"1001\",\"status\":\"Registered\",\"sn\":\"369\"}";
            assertThat(post(port, "/report/pbx1/" + SECRET, report).statusCode()).isEqualTo(200);

            // Refused: none of these may reach Kafka.
            assertThat(post(port, "/report/nobody/" + SECRET, report).statusCode()).isEqualTo(404);
            assertThat(post(port, "/report/pbx1/wrong-secret-value", report).statusCode()).isEqualTo(404);
            assertThat(post(port, "/report/locked/" + SECRET, report).statusCode()).isEqualTo(404);
            assertThat(post(port, "/report/pbx1/" + SECRET, "{\"action\":\"x\",\"pad\":\"" + "a".repeat(4000) + "\"}")
                    .statusCode()).isEqualTo(413);

            String garbage = "{\"action\":\"RING\",\"callid\":";
            assertThat(post(port, "/report/pbx1/" + SECRET, garbage).statusCode()).isEqualTo(200);

            List<ConsumedRecord> status = kafka.consumer().read(prefix + "extension-status", 1, Duration.ofSeconds(15));
            assertThat(status).hasSize(1);
            assertThat(status.get(0).key()).isEqualTo("pbx1/1001");
            ExtensionStatus ext = CODEC.decode(status.get(0).topic(), status.get(0).value(), ExtensionStatus.class);
            assertThat(ext.getStatusRaw()).isEqualTo("Registered");

            List<ConsumedRecord> dlq = kafka.consumer().read(prefix + "dlq", 1, Duration.ofSeconds(15));
            DeadLetter dead = CODEC.decode(dlq.get(0).topic(), dlq.get(0).value(), DeadLetter.class);
            assertThat(dead.getSource()).isEqualTo(DeadLetterSource.REPORT_INGRESS);
            assertThat(dead.getPbxId()).isEqualTo("pbx1");
            assertThat(new String(dead.getRaw().array(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(garbage);
            assertThat(dead.getSourceDetail()).doesNotContain(SECRET);
            assertThat(dead.getReason()).isNotBlank();
            assertThat(registry.get("pbx_reports_received").tag("pbx", "pbx1").counter().count())
                    .as("each report read whole counted once: the good one and the dead-lettered one").isEqualTo(2);
        } finally {
            Await.result(server.stop());
            Await.result(publisher.close());
        }
    }

    @Test
    void answers503WithRetryAfterPastTheInFlightBound() {
        List<Promise<Void>> pending = new CopyOnWriteArrayList<>();
        EventSink unacknowledged = records -> {
            Promise<Void> p = Promise.promise();
            pending.add(p);
            return p.future();
        };
        // Two instances: the second report arrives on another connection, so on the other event loop.
        ReportIngressServer server = server(routes(pbx("pbx1", List.of())), unacknowledged, 1, 2);
        int port = Await.result(server.start());
        try {
            String report = "{\"action\":\"BootUp\",\"sn\":\"1\"}";
            Future<HttpResponse<Buffer>> first = http.post(port, "127.0.0.1", "/report/pbx1/" + SECRET)
                    .sendBuffer(Buffer.buffer(report));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            // Until the first report is at the sink, not merely admitted: completed before its body was read, the
            // pending list would be empty and the first report would wait out the ack timeout (a 503, not a 200).
            while (pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(server.inFlight()).isEqualTo(1);
            HttpResponse<Buffer> second = post(port, "/report/pbx1/" + SECRET, report);
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.getHeader("Retry-After")).isEqualTo("7");

            vertx.runOnContext(v -> pending.forEach(Promise::complete));
            assertThat(Await.result(first).statusCode()).isEqualTo(200);
            assertThat(server.inFlight()).isZero();
        } finally {
            Await.result(server.stop());
        }
    }

    @Test
    void instancesShareOnePortAndEachRunsOnItsOwnEventLoop() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger published = new AtomicInteger();
        EventSink recording = records -> {
            threads.add(Thread.currentThread().getName());
            published.incrementAndGet();
            return Future.succeededFuture();
        };
        ReportIngressServer server = server(routes(pbx("pbx1", List.of())), recording, 100, 3);
        int port = Await.result(server.start());
        // A new connection per report: Vert.x hands connections to the instances in turn.
        WebClient oneShot = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
        try {
            for (int i = 0; i < 6; i++) {
                String report = "{\"action\":\"ExtensionStatus\",\"extension\":\"10" + i + "\",\"status\":\"Idle\",\"sn\":\"1\"}";
                HttpResponse<Buffer> r = Await.result(oneShot.post(port, "127.0.0.1", "/report/pbx1/" + SECRET)
                        .sendBuffer(Buffer.buffer(report)));
                assertThat(r.statusCode()).isEqualTo(200);
            }
            assertThat(published).hasValue(6);
            assertThat(threads).as("event loops that handled reports").hasSize(3)
                    .allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));
            assertThat(server.inFlight()).isZero();
        } finally {
            oneShot.close();
            Await.result(server.stop());
        }
    }

    @Test
    void aChunkedBodyPastTheLimitIs413AndFreesItsSlot() {
        AtomicInteger published = new AtomicInteger();
        ReportIngressServer server = server(routes(pbx("pbx1", List.of())), records -> {
            published.incrementAndGet();
            return Future.succeededFuture();
        }, 1);
        int port = Await.result(server.start());
        io.vertx.core.http.HttpClient client = vertx.createHttpClient();
        try {
            // No Content-Length: the limit (2048) is enforced while the body arrives.
            int status = Await.result(client.request(io.vertx.core.http.HttpMethod.POST, port, "127.0.0.1",
                    "/report/pbx1/" + SECRET).compose(request -> {
                request.setChunked(true);
                for (int i = 0; i < 3; i++) {
                    request.write("x".repeat(1000));
                }
                return request.end().compose(v -> request.response()).map(r -> r.statusCode());
            }));
            assertThat(status).isEqualTo(413);
            assertThat(published).hasValue(0);
            assertThat(server.inFlight()).isZero();
            // The one in-flight slot is free again: the next report is taken.
            assertThat(post(port, "/report/pbx1/" + SECRET, "{\"action\":\"BootUp\",\"sn\":\"1\"}").statusCode())
                    .isEqualTo(200);
        } finally {
            Await.result(client.close());
            Await.result(server.stop());
        }
    }
}
