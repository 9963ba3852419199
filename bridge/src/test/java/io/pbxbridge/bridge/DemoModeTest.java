package io.pbxbridge.bridge;

import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.management.HttpProbe;
import io.pbxbridge.connector.spi.SessionState;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run command without configuration: the bridge starts its own embedded Kafka and two simulated
 * PBXes, logs into both over loopback, becomes ready, and its live tail shows calls read back from
 * Kafka. (Ports are moved off their defaults so the test never collides with a running bridge.)
 */
class DemoModeTest {
    /** The demo PBX ids the two simulators on the test class path announce. */
    private static final String YEASTAR = "demo-yeastar";
    private static final String UCM = "demo-ucm";

    @Test
    void servesItselfWithEmbeddedKafkaAndSimulatedPbxes(@TempDir Path dir) throws Exception {
        int kafkaPort;
        try (ServerSocket s = new ServerSocket(0)) {
            kafkaPort = s.getLocalPort();
        }
        BridgeApplication app = new BridgeApplication(ConfigLoader.parse("""
                kafka: {embedded: {port: %d, data_dir: "%s"}}
                ingress: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                """.formatted(kafkaPort, dir.resolve("kafka")), Map.of()), true);
        List<String> lines = new CopyOnWriteArrayList<>();
        try {
            app.start().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
            app.tailEvents(lines::add).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(app.kafkaBootstrap()).endsWith(":" + kafkaPort);
            assertThat(app.pbxes()).extracting(p -> p.id()).containsExactlyInAnyOrder(YEASTAR, UCM);

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            HttpResponse<String> ready = HttpProbe.get(app.managementPort(), "/health/ready");
            while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                ready = HttpProbe.get(app.managementPort(), "/health/ready");
            }
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(new JsonObject(ready.body()).getJsonObject("checks").getJsonObject("pbx-sessions")
                    .getString("detail")).contains(YEASTAR, UCM);
            while (System.nanoTime() < deadline && !(List.of(YEASTAR, UCM).stream()
                    .allMatch(id -> app.sessions().session(id).map(s -> s.state() == SessionState.UP).orElse(false))
                    && ringingFrom(lines, YEASTAR) && ringingFrom(lines, UCM))) {
                Thread.sleep(200);
            }
            assertThat(app.sessions().session(YEASTAR).orElseThrow().state()).isEqualTo(SessionState.UP);
            assertThat(app.sessions().session(UCM).orElseThrow().state()).isEqualTo(SessionState.UP);
            assertThat(ringingFrom(lines, YEASTAR) && ringingFrom(lines, UCM))
                    .as("the live tail shows simulated calls of both PBXes: %s", lines).isTrue();

            String metrics = HttpProbe.get(app.managementPort(), "/metrics").body();
            assertThat(metrics).contains("pbx_session_state{pbx=\"demo-ucm\",state=\"up\"} 1.0",
                    "pbx_session_state{pbx=\"demo-yeastar\",state=\"up\"} 1.0",
                    "pbx_session_buffered_events{pbx=\"demo-ucm\"}", "pbx_reports_received_total{pbx=\"demo-yeastar\"}",
                    "pbx_reports_received_total{pbx=\"demo-ucm\"}", // WebSocket notifications count too
                    "pbx_report_ingress_to_ack_seconds");
        } finally {
            app.stopAndWait(Duration.ofSeconds(20));
        }
        assertThat(app.whenStopped().succeeded()).isTrue();
    }

    private static boolean ringingFrom(List<String> lines, String pbxId) {
        return lines.stream().anyMatch(l -> l.contains(pbxId) && l.contains("call ringing"));
    }
}
