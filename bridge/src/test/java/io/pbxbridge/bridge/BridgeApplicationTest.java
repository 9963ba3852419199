package io.pbxbridge.bridge;

import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.management.HttpProbe;
import io.pbxbridge.bridge.management.KafkaReadinessCheck;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application against a real broker: topics and schemas at start, readiness, clean stop, clear failures. */
@WithKafka
class BridgeApplicationTest {

    private static BridgeConfig config(String bootstrap, String prefix, String extraKafka) {
        return ConfigLoader.parse("""
                instance_id: test-bridge
                kafka: {bootstrap_servers: "%s", topic_prefix: "%s", partitions: 2%s}
                ingress: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                """.formatted(bootstrap, prefix, extraKafka), Map.of());
    }

    @Test
    void createsTopicsPublishesSchemasIsReadyThenStopsCleanly(KafkaBroker kafka) throws Exception {
        String prefix = kafka.uniquePrefix("app");
        BridgeApplication app = new BridgeApplication(config(kafka.bootstrapServers(), prefix, ""));
        app.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        int port = app.managementPort();
        assertThat(app.kafkaBootstrap()).isEqualTo(kafka.bootstrapServers());
        assertThat(HttpProbe.get(port, "/health/live").statusCode()).isEqualTo(200);

        HttpResponse<String> ready = HttpProbe.get(port, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getJsonObject("checks").getJsonObject("kafka").getString("status"))
                .isEqualTo("UP");

        List<String> topics = KafkaReadinessCheck.bridgeTopics(prefix);
        try (Admin admin = Admin.create(new HashMap<>(kafka.clientConfig()))) {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(20, TimeUnit.SECONDS);
            assertThat(described.keySet()).containsExactlyInAnyOrderElementsOf(topics);
            assertThat(described.get(prefix + "call-events").partitions()).hasSize(2);
        }
        int schemaCount = SchemaCatalog.standard().schemasByHexFingerprint().size();
        assertThat(kafka.consumer().read(prefix + "schemas", schemaCount, Duration.ofSeconds(20)))
                .extracting(r -> r.key()).containsAll(SchemaCatalog.CURRENT_TOP_LEVEL.stream()
                        .map(SchemaCatalog::fingerprintHex).toList());

        app.stop().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(app.whenStopped().succeeded()).isTrue();
        assertThat(app.stop()).isSameAs(app.stop()); // idempotent
        assertThatThrownBy(() -> HttpProbe.get(port, "/health/live")).isInstanceOf(ConnectException.class);
    }

    @Test
    void refusesToStartWhenTopicsAreMissingAndMayNotBeCreated(KafkaBroker kafka) {
        String prefix = kafka.uniquePrefix("nocreate");
        BridgeApplication app = new BridgeApplication(config(kafka.bootstrapServers(), prefix, ", create_topics: false"));
        try {
            assertThatThrownBy(() -> app.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("bridge topics missing")
                    .hasMessageContaining(prefix + "call-events")
                    .hasMessageContaining("create_topics");
        } finally {
            app.stopAndWait(Duration.ofSeconds(15));
        }
    }

    @Test
    void unreachableKafkaFailsTheStartWithTheReason() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        BridgeApplication app = new BridgeApplication(config("127.0.0.1:" + closedPort, "pbx.", ""));
        try {
            assertThatThrownBy(() -> app.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort)
                    .hasMessageContaining("did not answer");
        } finally {
            app.stopAndWait(Duration.ofSeconds(15));
        }
        assertThat(app.whenStopped().succeeded()).isTrue();
    }
}
