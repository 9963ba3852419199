package io.pbxbridge.bridge;

import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.management.HttpProbe;
import io.pbxbridge.bridge.management.KafkaReadinessCheck;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application against a real single-node KRaft broker: readiness follows the cluster and topics. */
class BridgeApplicationTest {
    private static KafkaClusterTestKit kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build()).build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static BridgeConfig config(String bootstrap, String prefix) {
        return ConfigLoader.parse("""
                instance_id: test-bridge
                kafka: {bootstrap_servers: "%s", topic_prefix: "%s"}
                ingress: {port: 0}
                management: {host: 127.0.0.1, port: 0}
                """.formatted(bootstrap, prefix), Map.of());
    }

    @Test
    void readyOnceKafkaAnswersAndTopicsExistThenStopsCleanly() throws Exception {
        BridgeApplication app = new BridgeApplication(config(kafka.bootstrapServers(), "app1."));
        app.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        int port = app.managementPort();
        assertThat(app.kafkaBootstrap()).isEqualTo(kafka.bootstrapServers());
        assertThat(HttpProbe.get(port, "/health/live").statusCode()).isEqualTo(200);

        HttpResponse<String> notReady = HttpProbe.get(port, "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(notReady.body()).getJsonObject("checks").getJsonObject("kafka").getString("reason"))
                .startsWith("missing topics: ").contains("app1.call-events", "app1.schemas");

        try (Admin admin = kafka.admin()) {
            admin.createTopics(KafkaReadinessCheck.bridgeTopics("app1.").stream()
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        }
        HttpResponse<String> ready = HttpProbe.get(port, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getJsonObject("checks").getJsonObject("kafka").getString("status"))
                .isEqualTo("UP");

        app.stop().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(app.whenStopped().succeeded()).isTrue();
        assertThat(app.stop()).isSameAs(app.stop()); // idempotent
        assertThatThrownBy(() -> HttpProbe.get(port, "/health/live")).isInstanceOf(ConnectException.class);
    }

    @Test
    void unreachableKafkaMakesReadyFailWithTheReason() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        BridgeApplication app = new BridgeApplication(config("127.0.0.1:" + closedPort, "pbx."));
        try {
            app.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            HttpResponse<String> r = HttpProbe.get(app.managementPort(), "/health/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(new JsonObject(r.body()).getJsonObject("checks").getJsonObject("kafka").getString("reason"))
                    .startsWith("Kafka not reachable");
            assertThat(HttpProbe.get(app.managementPort(), "/health/live").statusCode()).isEqualTo(200);
        } finally {
            app.stopAndWait(Duration.ofSeconds(15));
        }
        assertThat(app.whenStopped().succeeded()).isTrue();
    }
}
