package io.pbxbridge.bridge.e2e;

import io.pbxbridge.bridge.kafka.EmbeddedKafka;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.TestConsumer;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.Scenario;
import io.pbxbridge.connector.yeastar.sim.ScenarioResult;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka goes away while the PBX keeps pushing: the ingress answers 503, the PBX re-sends, and once
 * Kafka is back every report is in Kafka — none lost, and re-sent ones carry the same event id.
 * Uses its own broker (the embedded one the bridge ships) so it can be stopped and restarted.
 */
class KafkaOutageEndToEndTest {
    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        Await.result(vertx.close());
    }

    @Test
    void reportsPushedDuringAnOutageAreAllInKafkaAfterwards(@TempDir Path dataDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port);
        YeastarSimulator sim = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V1_1_0);
        String producerOverrides = """
                  producer:
                    delivery.timeout.ms: "3000"
                    request.timeout.ms: "1000"
                    max.block.ms: "1000"
                    linger.ms: "0"
                """;
        BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), "outage.",
                List.of(YeastarEndToEndTest.pbx("pbx-o", sim, YeastarEndToEndTest.PASSWORD, "5m")), producerOverrides);
        try {
            String before = Await.result(sim.runScenario(Scenario.INTERNAL), Duration.ofSeconds(30)).callId();

            kafka.close();
            long attemptsAtStop = sim.reportCounters().attempts();
            Future<ScenarioResult> during1 = sim.runScenario(Scenario.OUTBOUND);
            Future<ScenarioResult> during2 = sim.runScenario(Scenario.INBOUND);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (sim.reportCounters().attempts() < attemptsAtStop + 6 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sim.reportCounters().pending()).as("reports waiting for the bridge to accept them").isPositive();
            assertThat(during1.isComplete()).isFalse();

            kafka = EmbeddedKafka.start(dataDir, port);
            Set<String> callIds = Set.of(before, Await.result(during1, Duration.ofSeconds(60)).callId(),
                    Await.result(during2, Duration.ofSeconds(60)).callId());
            assertThat(sim.reportCounters().undeliverable()).isZero();

            TestConsumer consumer = new TestConsumer(kafka.bootstrapServers());
            List<ConsumedRecord> cdrs = consumer.readUntil("outage.cdr", Duration.ofSeconds(30),
                    rs -> BridgeHarness.decodeAll(rs, CallRecord.class).stream().map(CallRecord::getCallId)
                            .collect(Collectors.toSet()).containsAll(callIds));
            assertThat(BridgeHarness.decodeAll(cdrs, CallRecord.class)).extracting(CallRecord::getCallId)
                    .containsAll(callIds);

            List<CallEvent> events = BridgeHarness.decodeAll(consumer.readUntil("outage.call-events",
                    Duration.ofSeconds(30), rs -> BridgeHarness.decodeAll(rs, CallEvent.class).stream()
                            .map(CallEvent::getCallId).collect(Collectors.toSet()).containsAll(callIds)), CallEvent.class);
            // Duplicates from re-sends are allowed, but one report always has one id and one id one report.
            Map<String, Set<String>> idsByPayload = events.stream().collect(Collectors.groupingBy(
                    e -> e.getHeader().getRawPayload(), Collectors.mapping(e -> e.getHeader().getEventId(), Collectors.toSet())));
            assertThat(idsByPayload.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
            Map<String, Set<String>> payloadsById = events.stream().collect(Collectors.groupingBy(
                    e -> e.getHeader().getEventId(), Collectors.mapping(e -> e.getHeader().getRawPayload(), Collectors.toSet())));
            assertThat(payloadsById.values()).allSatisfy(p -> assertThat(p).hasSize(1));
        } finally {
            bridge.close();
            Await.result(sim.stop());
            kafka.close();
        }
    }
}
