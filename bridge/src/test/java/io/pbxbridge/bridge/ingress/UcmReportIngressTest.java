package io.pbxbridge.bridge.ingress;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.kafka.TopicProvisioner;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.grandstream.UcmConnector;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grandstream UCM login-url pushes through the real ingress to a real broker: every report answered
 * 200 lands somewhere — its records, or a dead letter with the whole body and the reason (issue 10
 * item 5: these were answered 200 with nothing published; issue 11: non-objects were published).
 */
@WithKafka
class UcmReportIngressTest {
    private static final String SECRET = "0123456789abcdef-ucm-secret";
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

    private static String notify(String eventName, String body) {
        return "{\"message\":[{\"action\":\"notify\",\"eventname\":\"" + eventName + "\",\"eventbody\":" + body + "}]}";
    }

    @Test
    void everyAcceptedPushIsPublishedOrDeadLetteredWithItsReason(KafkaBroker kafka) {
        String prefix = kafka.uniquePrefix("ucm-ingress");
        try (TopicProvisioner provisioner = new TopicProvisioner(vertx, kafka.clientConfig(), prefix, 1, (short) 1,
                Duration.ofSeconds(20))) {
            Await.result(provisioner.provision());
        }
        PbxConfig pbx = new PbxConfig("ucm", UcmConnector.ID, URI.create("https://127.0.0.1:1"), "cdrapi", Secret.of("x"),
                "1.0", Secret.of(SECRET), List.of(), null, Duration.ofMinutes(4), ZoneOffset.UTC, PbxOptions.none());
        Map<String, IngressRoute> routes = new LinkedHashMap<>();
        routes.put("ucm", new IngressRoute(pbx, Vendor.GRANDSTREAM_UCM, new UcmConnector().normalizer(pbx, BRIDGE),
                new SourceAddressFilter(List.of())));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, CODEC,
                new SimpleMeterRegistry());
        ReportIngressServer server = new ReportIngressServer(vertx, new IngressSettings("127.0.0.1", 0,
                URI.create("http://127.0.0.1"), 4096, 100, 7, Duration.ofSeconds(10), 1), () -> routes, publisher, BRIDGE, registry);
        int port = Await.result(server.start());
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("[1,2]", "a JSON array, not a JSON object");
        bad.put("\"" + "x".repeat(3000) + "\"", "a JSON string, not a JSON object");
        bad.put("7", "a JSON number, not a JSON object");
        bad.put(notify("ActiveCallStatus", "\"hello\""), "eventbody is a JSON string");
        bad.put(notify("ActiveCallStatus", "[1,2]"), "eventbody[0] is a JSON number");
        bad.put(notify("ExtensionStatus", "[]"), "eventbody is an empty list");
        bad.put(notify("ExtensionStatus", "null"), "eventbody is null");
        bad.put("{\"cdr_root\":[]}", "cdr_root is an empty list");
        try {
            String good = notify("ExtensionStatus", "[{\"extension\":\"1001\",\"status\":\"InUse\"}]");
            for (String body : bad.keySet()) {
                assertThat(post(port, body)).as(body).isEqualTo(200);
            }
            assertThat(post(port, good)).isEqualTo(200);
            assertThat(post(port, "\"" + "x".repeat(5000) + "\"")).as("over max_body_bytes").isEqualTo(413);

            List<ConsumedRecord> dlq = kafka.consumer().read(prefix + "dlq", bad.size(), Duration.ofSeconds(20));
            assertThat(dlq).hasSize(bad.size());
            List<DeadLetter> dead = dlq.stream().map(r -> CODEC.decode(r.topic(), r.value(), DeadLetter.class)).toList();
            assertThat(dead).extracting(d -> new String(d.getRaw().array(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(bad.keySet());
            for (DeadLetter d : dead) {
                String body = new String(d.getRaw().array(), StandardCharsets.UTF_8);
                assertThat(d.getReason()).as(body).contains(bad.get(body));
                assertThat(d.getSource()).isEqualTo(DeadLetterSource.REPORT_INGRESS);
                assertThat(d.getVendor()).isEqualTo(Vendor.GRANDSTREAM_UCM);
            }
            List<ConsumedRecord> status = kafka.consumer().read(prefix + "extension-status", 1, Duration.ofSeconds(15));
            assertThat(CODEC.decode(status.get(0).topic(), status.get(0).value(), ExtensionStatus.class).getStatusRaw())
                    .isEqualTo("InUse");
            assertThat(registry.get("pbx_reports_dead_lettered").tag("pbx", "ucm").counter().count())
                    .isEqualTo(bad.size());
        } finally {
            Await.result(server.stop());
            Await.result(publisher.close());
        }
    }

    private static int post(int port, String body) {
        return Await.result(http.post(port, "127.0.0.1", "/report/ucm/" + SECRET).sendBuffer(Buffer.buffer(body)))
                .statusCode();
    }
}
