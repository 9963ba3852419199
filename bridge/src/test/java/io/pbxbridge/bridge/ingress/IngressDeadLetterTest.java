package io.pbxbridge.bridge.ingress;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.kafka.TopicProvisioner;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.RawHttp;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.yeastar.report.YeastarReportNormalizer;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 items 4 and 5 through a real broker: whatever the content type, a report answered 200 is on Kafka —
 * its records, or a dead letter holding the whole raw body and the reason (multipart and form bodies included:
 * Yeastar posts {@code application/json}, so those are not reports); and a report that can never be published
 * (a date past what a timestamp holds) is dead-lettered and answered 200, never 503, so the PBX does not re-send
 * it for ever.
 */
@WithKafka
class IngressDeadLetterTest {
    private static final String SECRET = "0123456789abcdef-dead-letters";
    private static final String PATH = "/report/pbx1/" + SECRET;
    private static final BridgeInfo BRIDGE = new BridgeInfo("test", "dlq-test");
    private static final SingleObjectCodec CODEC = new SingleObjectCodec();
    private static final String CDR = "{\"action\":\"NewCdr\",\"cdrid\":\"219\",\"callid\":\"%s\",\"timestart\":\"%s\","
            + "\"callfrom\":\"3834847222\",\"callto\":\"1005\",\"callduraction\":\"41\",\"talkduraction\":\"35\","
            + "\"srctrunkname\":\"SPS-6-36\",\"desttrunkname\":\"\",\"status\":\"ANSWERED\",\"type\":\"Inbound\","
            + "\"pincode\":\"\",\"recording\":\"\",\"didnumber\":\"5551234\",\"agentringtime\":\"6\",\"sn\":\"369362089179\"}";
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    @Test
    void everyBodyAnswered200IsOnKafkaWholeAndAPoisonReportIsNeverAnswered503(KafkaBroker kafka) throws Exception {
        String prefix = kafka.uniquePrefix("ingress-dlq");
        try (TopicProvisioner provisioner = new TopicProvisioner(vertx, kafka.clientConfig(), prefix, 1, (short) 1,
                Duration.ofSeconds(20))) {
            Await.result(provisioner.provision());
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, CODEC,
                new SimpleMeterRegistry());
        PbxConfig pbx = new PbxConfig("pbx1", "yeastar-s", URI.create("http://127.0.0.1:1"), "api", Secret.of("x"),
                "1.1.0", Secret.of(SECRET), List.of(), null, Duration.ofMinutes(5), ZoneOffset.UTC, null);
        ReportIngressServer server = new ReportIngressServer(vertx, new IngressSettings("127.0.0.1", 0,
                URI.create("http://127.0.0.1"), 8192, 100, 5, Duration.ofSeconds(10), 1),
                Map.of("pbx1", new IngressRoute(pbx, Vendor.YEASTAR_S, new YeastarReportNormalizer(pbx, BRIDGE),
                        new SourceAddressFilter(List.of()))), publisher, BRIDGE, registry);
        int port = Await.result(server.start());
        try {
            byte[] random = new byte[3000];
            new Random(10).nextBytes(random);
            // Not reports: dead-lettered whole, with the reason.
            Map<String, byte[]> notReports = new LinkedHashMap<>();
            notReports.put("multipart/form-data; boundary=XyZ", ("--XyZ\r\nContent-Disposition: form-data; name=\"report\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + CDR.formatted("1.1", "2019-01-13 18:31:49")
                    + "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n\u0000\u0001\u00ff\r\n--XyZ--\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            notReports.put("application/x-www-form-urlencoded", "action=NewCdr&callid=1.2&timestart=2019-01-13+18%3A31%3A49"
                    .getBytes(StandardCharsets.US_ASCII));
            notReports.put("application/octet-stream", random);
            // A report whose date no timestamp holds: normalized, but its record cannot be encoded.
            String poison = CDR.formatted("1.3", "+999999999-12-31 23:59:59");
            for (Map.Entry<String, byte[]> e : notReports.entrySet()) {
                assertThat(RawHttp.exchange(port, RawHttp.post(PATH, e.getKey(), e.getValue())).status()).as(e.getKey())
                        .isEqualTo(200);
            }
            for (int i = 0; i < 3; i++) { // re-sent as a PBX would: the same answer every time
                RawHttp.Response r = RawHttp.exchange(port, RawHttp.post(PATH, "application/json",
                        poison.getBytes(StandardCharsets.UTF_8)));
                assertThat(r.status()).as("a poison report, attempt %d", i).isEqualTo(200);
            }
            // A report is a report whatever its content type says (PBXes' headers are not to be relied on).
            String good = CDR.formatted("1.4", "2019-01-13 18:31:49");
            assertThat(RawHttp.exchange(port, RawHttp.post(PATH, "text/plain", good.getBytes(StandardCharsets.UTF_8)))
                    .status()).isEqualTo(200);

            List<ConsumedRecord> dlq = kafka.consumer().read(prefix + "dlq", notReports.size() + 3, Duration.ofSeconds(20));
            List<DeadLetter> dead = dlq.stream().map(r -> CODEC.decode(r.topic(), r.value(), DeadLetter.class)).toList();
            for (byte[] body : notReports.values()) {
                assertThat(dead).as("a dead letter holding the whole body").anySatisfy(d -> {
                    assertThat(Arrays.equals(d.getRaw().array(), body)).isTrue();
                    assertThat(d.getReason()).isNotBlank();
                });
            }
            List<DeadLetter> poisoned = dead.stream()
                    .filter(d -> new String(d.getRaw().array(), StandardCharsets.UTF_8).equals(poison)).toList();
            assertThat(poisoned).hasSize(3).allSatisfy(d -> assertThat(d.getReason()).contains("cannot be encoded"));
            assertThat(poisoned).extracting(d -> d.getPbxId()).containsOnly("pbx1");

            List<ConsumedRecord> cdrs = kafka.consumer().read(prefix + "cdr", 1, Duration.ofSeconds(20));
            assertThat(CODEC.decode(cdrs.get(0).topic(), cdrs.get(0).value(), CallRecord.class).getCallId()).isEqualTo("1.4");

            assertThat(registry.find("pbx_reports_rejected").tag("reason", "kafka_unavailable").counter()).isNull();
            assertThat(registry.get("pbx_reports_dead_lettered").tag("pbx", "pbx1").counter().count())
                    .isEqualTo(notReports.size() + 3);
            assertThat(server.inFlight()).isZero();
        } finally {
            Await.result(server.stop());
            Await.result(publisher.close());
        }
    }
}
