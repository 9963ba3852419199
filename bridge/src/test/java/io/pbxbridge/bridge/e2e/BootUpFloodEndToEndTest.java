package io.pbxbridge.bridge.e2e;

import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 8: a forged or replayed BootUp must not make the bridge hammer the PBX. Before, every
 * BootUp report triggered a re-login (763 logins in one fuzz run). A flood of BootUp reports through the
 * real ingress, Kafka and the owner's report follower now costs one re-login, counted on the simulator.
 */
@WithKafka
class BootUpFloodEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BOOTUPS = 300;

    @Test
    void aFloodOfBootUpReportsCostsOneReloginAndLaterHeartbeatsSettleTheRest(KafkaBroker kafka) throws Exception {
        Vertx vertx = Vertx.vertx();
        YeastarSimulator sim = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V2_0_0);
        WebClient http = WebClient.create(vertx);
        // Heartbeats every second; BootUp re-logins at most every 6 s.
        BridgeHarness.Pbx pbx = new BridgeHarness.Pbx("boot", "yeastar-s", sim.baseUrl(), "api",
                YeastarEndToEndTest.PASSWORD, "2.0.0", "1s", Map.of("bootup_relogin_interval", "6s"));
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("bootup"),
                List.of(pbx), "")) {
            assertThat(sim.requestsTo("login")).hasSize(1);
            String path = "/report/boot/s3cr3t-report-path-boot";
            List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
            for (int i = 0; i < BOOTUPS; i++) {
                posts.add(http.post(bridge.app.ingressPort(), "127.0.0.1", path)
                        .sendBuffer(Buffer.buffer("{\"event\":\"BootUp\",\"sn\":\"369451090405\"}")));
            }
            for (Future<HttpResponse<Buffer>> post : posts) {
                assertThat(Await.result(post, WAIT).statusCode()).isEqualTo(200);
            }
            List<PbxEvent> system = bridge.readUntil("system", PbxEvent.class, WAIT,
                    rs -> rs.stream().filter(e -> e.getType() == PbxEventType.BOOTED).count() >= BOOTUPS
                            && rs.stream().anyMatch(e -> e.getType() == PbxEventType.RELOGIN));
            assertThat(system).filteredOn(e -> e.getType() == PbxEventType.RELOGIN)
                    .singleElement().satisfies(e -> assertThat(e.getReason()).contains("BootUp"));

            // Past the interval: the deferred check found the token confirmed by heartbeats sent after the flood.
            int heartbeatsBefore = sim.requestsTo("heartbeat").size();
            Thread.sleep(Duration.ofSeconds(8).toMillis());
            assertThat(sim.requestsTo("heartbeat").size()).isGreaterThan(heartbeatsBefore);
            assertThat(sim.requestsTo("login")).as("the first login and one BootUp re-login").hasSize(2);
        } finally {
            http.close();
            Await.result(sim.stop());
            Await.result(vertx.close());
        }
    }
}
