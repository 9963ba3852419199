package io.pbxbridge.bridge.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pbxbridge.bridge.kafka.EmbeddedKafka;
import io.pbxbridge.bridge.kafka.KafkaWritability;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.RawHttp;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.schema.CallRecord;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, the ingress while Kafka is down, on a real broker (the embedded one the bridge ships, stopped and started
 * again in this process): once a write went unacknowledged the ingress answers 503 + {@code Retry-After} at once
 * (not after {@code ack_timeout}), readiness says Kafka is down and then up again, the log holds one line per change,
 * and a report re-sent during the outage and after it is one record on Kafka. Without an outage, re-sends of a report
 * still at Kafka are one record too.
 */
@WithKafka
class KafkaFailFastEndToEndTest {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);
    private static final String PBX = "pbx-ff";
    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        Await.result(vertx.close());
    }

    private static String cdr(String callId) {
        return "{\"action\":\"NewCdr\",\"callid\":\"" + callId + "\",\"timestart\":\"2017-09-14 09:30:15\","
                + "\"callfrom\":\"1000\",\"callto\":\"91000\",\"desttrunkname\":\"Apple_test\",\"callduraction\":\"29\","
                + "\"talkduraction\":\"29\",\"status\":\"ANSWERED\",\"type\":\"Outbound\",\"pincode\":\"1000\","
                + "\"recording\":\"x.wav\",\"sn\":\"3631A0000000\"}";
    }

    private record Answer(int status, String retryAfter, Duration took) {
    }

    private static Answer post(int port, String body) throws Exception {
        long started = System.nanoTime();
        RawHttp.Response r = RawHttp.exchange(port, RawHttp.post("/report/" + PBX + "/s3cr3t-report-path-" + PBX,
                "application/json", body.getBytes(StandardCharsets.UTF_8)));
        return new Answer(r.status(), r.headers().get("retry-after"), Duration.ofNanos(System.nanoTime() - started));
    }

    private static RawHttp.Response ready(BridgeHarness bridge) throws Exception {
        return RawHttp.exchange(bridge.app.managementPort(),
                "GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    /** How many CDR records each call id has on the topic, once every one of {@code callIds} is there. */
    private static Map<String, Long> cdrCounts(BridgeHarness bridge, List<String> callIds) {
        List<CallRecord> cdrs = bridge.readUntil("cdr", CallRecord.class, Duration.ofSeconds(60),
                rs -> rs.stream().map(CallRecord::getCallId).collect(Collectors.toSet()).containsAll(callIds));
        return cdrs.stream().collect(Collectors.groupingBy(CallRecord::getCallId, Collectors.counting()));
    }

    @Test
    void whileKafkaIsDownReportsGet503AtOnceAndEachReportIsOneRecord(@TempDir Path dataDir) throws Exception {
        int kafkaPort;
        try (ServerSocket s = new ServerSocket(0)) {
            kafkaPort = s.getLocalPort();
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, kafkaPort);
        YeastarSimulator sim = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V1_1_0);
        // A long delivery timeout: a report sent as Kafka goes away stays at the producer and lands once it is back.
        String producer = """
                  producer:
                    delivery.timeout.ms: "120000"
                    request.timeout.ms: "2000"
                    max.block.ms: "2000"
                """;
        Logger log = (Logger) LoggerFactory.getLogger(KafkaWritability.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        BridgeHarness bridge = BridgeHarness.start("ff-bridge", kafka.bootstrapServers(), "ff.",
                List.of(YeastarEndToEndTest.pbx(PBX, sim, YeastarEndToEndTest.PASSWORD, "5m")), producer, true, 0,
                "http://127.0.0.1:0", ", ack_timeout: " + ACK_TIMEOUT.toSeconds() + "s");
        try {
            int port = bridge.app.ingressPort();
            assertThat(post(port, cdr("before.1")).status()).isEqualTo(200);
            assertThat(ready(bridge).status()).isEqualTo(200);

            kafka.close();
            // The first report finds out: its write fails, or is not acknowledged within ack_timeout. A re-send
            // meanwhile waits for it.
            CompletableFuture<Answer> first = CompletableFuture.supplyAsync(() -> call(() -> post(port, cdr("outage.1"))), pool);
            Thread.sleep(300);
            CompletableFuture<Answer> resentMeanwhile = CompletableFuture.supplyAsync(
                    () -> call(() -> post(port, cdr("outage.1"))), pool);
            assertThat(first.get().status()).isEqualTo(503);
            assertThat(resentMeanwhile.get().status()).isEqualTo(503);

            // Kafka known down: refused at once, far within the ack timeout the first one waited.
            List<Answer> refused = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                refused.add(post(port, cdr(i == 0 ? "outage.1" : "outage." + (i + 1))));
            }
            assertThat(refused).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(503);
                assertThat(a.retryAfter()).isNotBlank();
                assertThat(a.took()).isLessThan(ACK_TIMEOUT.dividedBy(3));
            });
            RawHttp.Response down = ready(bridge);
            assertThat(down.status()).isEqualTo(503);
            assertThat(new String(down.body(), StandardCharsets.UTF_8)).contains("Kafka not taking writes");

            kafka = EmbeddedKafka.start(dataDir, kafkaPort);
            long readyBy = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (ready(bridge).status() != 200) {
                assertThat(System.nanoTime()).as("ready again once a probe write succeeded").isLessThan(readyBy);
                Thread.sleep(200);
            }

            // The PBX re-sends everything it was refused; twice, as a PBX retrying on its own timer may.
            List<String> callIds = List.of("before.1", "outage.1", "outage.2", "outage.3", "outage.4", "outage.5");
            for (int round = 0; round < 2; round++) {
                for (String callId : callIds.subList(1, callIds.size())) {
                    assertThat(post(port, cdr(callId)).status()).as("%s re-sent", callId).isEqualTo(200);
                }
            }
            assertThat(cdrCounts(bridge, callIds)).as("one record per report").containsOnlyKeys(callIds)
                    .allSatisfy((callId, count) -> assertThat(count).as(callId).isEqualTo(1));

            List<String> transitions = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.startsWith("Kafka")).toList();
            assertThat(transitions).as("one line when Kafka went away, one when it was back").hasSize(2);
            assertThat(transitions.get(0)).startsWith("Kafka is not taking writes");
            assertThat(transitions.get(1)).startsWith("Kafka takes writes again");
            java.util.regex.Matcher counted = java.util.regex.Pattern.compile("; (\\d+) report\\(s\\) answered 503")
                    .matcher(transitions.get(1));
            assertThat(counted.find()).as(transitions.get(1)).isTrue();
            assertThat(Integer.parseInt(counted.group(1))).as("the reports refused in between, counted")
                    .isGreaterThanOrEqualTo(refused.size() + 1);
        } finally {
            log.detachAppender(lines);
            pool.shutdownNow();
            bridge.close();
            Await.result(sim.stop());
            kafka.close();
        }
    }

    @Test
    void reSendsOfAReportStillAtKafkaAreOneRecord(KafkaBroker kafka) throws Exception {
        YeastarSimulator sim = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V1_1_0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (BridgeHarness bridge = BridgeHarness.start("ff-bridge-2", kafka.bootstrapServers(),
                kafka.uniquePrefix("ff"), List.of(YeastarEndToEndTest.pbx(PBX, sim, YeastarEndToEndTest.PASSWORD, "5m")),
                "", true, 0, "http://127.0.0.1:0", "")) {
            int port = bridge.app.ingressPort();
            List<String> callIds = List.of("dup.1", "dup.2", "dup.3");
            List<CompletableFuture<Answer>> sent = new ArrayList<>();
            for (int copy = 0; copy < 8; copy++) {
                for (String callId : callIds) {
                    sent.add(CompletableFuture.supplyAsync(() -> call(() -> post(port, cdr(callId))), pool));
                }
            }
            assertThat(sent.stream().map(CompletableFuture::join).map(Answer::status)).containsOnly(200);
            assertThat(cdrCounts(bridge, callIds)).containsOnlyKeys(callIds)
                    .allSatisfy((callId, count) -> assertThat(count).as(callId).isEqualTo(1));
            double duplicates = bridge.app.metrics().registry().find("pbx_reports_duplicates").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            assertThat(duplicates).as("re-sends answered without publishing").isEqualTo(21);
        } finally {
            pool.shutdownNow();
            Await.result(sim.stop());
        }
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
