package io.pbxbridge.bridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pbxbridge.bridge.cli.NormalizeCommand;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.grandstream.sim.CallScenario;
import io.pbxbridge.connector.grandstream.sim.UcmReplay;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.CaptureLine;
import io.pbxbridge.connector.spi.capture.CapturePlayback;
import io.pbxbridge.connector.spi.capture.CaptureReader;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.Scenario;
import io.pbxbridge.connector.yeastar.sim.YeastarReplay;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.schema.codec.AvroJson;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Record and replay, both vendors, over real sockets and a real Kafka broker:
 * <ol>
 *   <li>a bridge records a simulated PBX ({@code record_to}) while it publishes its traffic;</li>
 *   <li>{@code normalize CAPTURE} prints exactly the records that bridge published from the PBX's traffic,
 *       event ids and receipt times included (everything but the bridge's own session events);</li>
 *   <li>the capture, played by {@code simulate … --replay} to a fresh bridge, yields the same records on
 *       Kafka (receipt times differ; a UCM WebSocket's event ids hang on its session's stream id, so they
 *       differ too; Yeastar's hang on the report bytes and are equal);</li>
 *   <li>the capture holds no password, token, cookie or report secret.</li>
 * </ol>
 */
@WithKafka
class RecordReplayEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The topics records normalized from PBX traffic land on, and what the normalize command names them. */
    private static final List<String> TOPICS = List.of("call-events", "cdr", "extension-status", "trunk-status",
            "system", "dlq");
    private static final String YEASTAR_PASSWORD = "Rec-Yeastar-Pa55";
    private static final String UCM_API_PASSWORD = "Rec-Ucm-Api-Pa55";
    private static final String UCM_WEB_PASSWORD = "Rec-Ucm-Web-Pa55";
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
    void yeastarTrafficRecordedNormalizedAndReplayedGivesTheSameRecords(KafkaBroker kafka, @TempDir Path dir)
            throws Exception {
        Path capture = dir.resolve("hq.capture.jsonl");
        String reportSecret = "s3cr3t-report-path-hq";
        YeastarSimulator pbx = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V2_0_0);
        String live = kafka.uniquePrefix("rec-yeastar");
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), live,
                List.of(YeastarEndToEndTest.pbx("hq", pbx, YeastarEndToEndTest.PASSWORD, "5m").with("record_to",
                        capture.toString())), "")) {
            for (Scenario s : List.of(Scenario.INTERNAL, Scenario.OUTBOUND, Scenario.INBOUND)) {
                Await.result(pbx.runScenario(s), WAIT);
            }
            // A report the normalizer cannot read: recorded too, and dead-lettered in both runs.
            WebClient http = WebClient.create(vertx);
            Await.result(http.post(bridge.app.ingressPort(), "127.0.0.1", "/report/hq/" + reportSecret)
                    .sendBuffer(io.vertx.core.buffer.Buffer.buffer("this is not a report")));
            http.close();
            bridge.readUntil("cdr", io.pbxbridge.schema.CallRecord.class, WAIT, rs -> rs.size() >= 3);
            bridge.readUntil("dlq", io.pbxbridge.schema.DeadLetter.class, WAIT, rs -> rs.size() >= 1);
        } finally {
            Await.result(pbx.stop());
        }

        List<JsonNode> published = published(kafka, live);
        assertThat(published).as("records published from the PBX's traffic").hasSizeGreaterThan(15);
        assertThat(count(capture, CaptureKinds.REPORT)).isGreaterThan(15);

        // (a) normalize CAPTURE = what the bridge published, record for record.
        Normalized normalized = normalize(capture);
        assertThat(normalized.exitCode()).as("exit 2: the capture holds a report that cannot be parsed").isEqualTo(2);
        assertThat(normalized.stderr()).contains("cannot be parsed");
        assertSameRecords(normalized.records(), published);

        // (b) the capture replayed to a fresh bridge: the same records on Kafka.
        YeastarSimulator replayer = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V2_0_0);
        String replayed = kafka.uniquePrefix("replay-yeastar");
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), replayed,
                List.of(YeastarEndToEndTest.pbx("hq", replayer, YeastarEndToEndTest.PASSWORD, "5m")), "")) {
            long played = Await.result(YeastarReplay.start(vertx, replayer, capture, CapturePlayback.AS_FAST_AS_POSSIBLE), WAIT);
            assertThat(played).isEqualTo(count(capture, CaptureKinds.REPORT));
            List<JsonNode> again = publishedAtLeast(kafka, replayed, published.size());
            assertSameRecords(withoutReceiptTimes(again, false), withoutReceiptTimes(published, false));
        } finally {
            Await.result(replayer.stop());
        }

        // (c) no secret in the capture.
        assertNoSecrets(capture, List.of(YeastarEndToEndTest.PASSWORD, reportSecret), "token");
    }

    @Test
    void ucmTrafficRecordedNormalizedAndReplayedGivesTheSameRecords(KafkaBroker kafka, @TempDir Path dir)
            throws Exception {
        Path capture = dir.resolve("ucm.capture.jsonl");
        UcmSimulator pbx = ucm();
        String live = kafka.uniquePrefix("rec-ucm");
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), live,
                List.of(ucmEntry(pbx, dir.resolve("state-live")).with("record_to", capture.toString())), "")) {
            Await.until("UCM WebSocket resynced", () -> pbx.requestsFor("listAccount").size() >= 1);
            Await.result(pbx.runScenario(CallScenario.INTERNAL), WAIT);
            // A dropped WebSocket: the bridge reconnects and resyncs against the listings (recorded, replayed).
            Await.result(pbx.dropWebSockets());
            Await.until("UCM WebSocket resynced again", () -> pbx.requestsFor("listAccount").size() >= 2);
            Await.result(pbx.runScenario(CallScenario.INBOUND), WAIT);
            Await.result(pbx.runScenario(CallScenario.OUTBOUND), WAIT);
            bridge.readUntil("cdr", io.pbxbridge.schema.CallRecord.class, WAIT, rs -> rs.size() >= 3);
        } finally {
            Await.result(pbx.stop());
        }

        List<JsonNode> published = published(kafka, live);
        assertThat(count(capture, CaptureKinds.WS)).isGreaterThan(5);
        assertThat(count(capture, "ucm.resync")).isEqualTo(2);
        assertThat(count(capture, "ucm.cdr-poll")).isPositive();

        // (a) normalize CAPTURE = what the bridge published, record for record, event ids included.
        Normalized normalized = normalize(capture);
        assertThat(normalized.stderr()).isEmpty();
        assertThat(normalized.exitCode()).isZero();
        assertSameRecords(normalized.records(), published);

        // (b) the capture replayed to a fresh bridge: the same records on Kafka.
        UcmSimulator replayer = ucm();
        UcmReplay replay = Await.result(UcmReplay.prepare(vertx, replayer, capture));
        String replayed = kafka.uniquePrefix("replay-ucm");
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), replayed,
                List.of(ucmEntry(replayer, dir.resolve("state-replay"))), "")) {
            Await.result(replay.play(CapturePlayback.AS_FAST_AS_POSSIBLE), WAIT);
            List<JsonNode> again = publishedAtLeast(kafka, replayed, published.size());
            assertSameRecords(withoutReceiptTimes(again, true), withoutReceiptTimes(published, true));
        } finally {
            Await.result(replayer.stop());
        }

        // (c) no secret in the capture.
        assertNoSecrets(capture, List.of(UCM_API_PASSWORD, UCM_WEB_PASSWORD, "s3cr3t-report-path-ucm"), "cookie");
    }

    /**
     * A capture written by hand from the Yeastar documents (every v2.0.0 report of the fixtures) replayed to a
     * bridge: it publishes what {@code normalize} prints for the capture, event ids included.
     */
    @Test
    void aYeastarCaptureWrittenFromTheDocumentsReplaysToWhatNormalizePrints(KafkaBroker kafka, @TempDir Path dir)
            throws Exception {
        Path capture = dir.resolve("docs.capture.jsonl");
        List<String> lines = new ArrayList<>();
        List<Path> reports;
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("..", "connectors", "yeastar-s", "src", "test",
                "resources", "yeastar", "reports", "v2.0.0"))) {
            reports = files.sorted().toList();
        }
        java.time.Instant t0 = java.time.Instant.parse("2026-11-26T10:00:00Z");
        for (int i = 0; i < reports.size(); i++) {
            lines.add(line(CaptureKinds.REPORT, t0.plusMillis(100L * i), Files.readAllBytes(reports.get(i))));
        }
        Files.writeString(capture, header("yeastar-s", "hq", "2.0.0", Map.of()) + String.join("\n", lines) + "\n");

        Normalized normalized = normalize(capture);
        assertThat(normalized.exitCode()).isZero();
        assertThat(normalized.records()).hasSize(reports.size());

        YeastarSimulator replayer = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V2_0_0);
        String prefix = kafka.uniquePrefix("docs-yeastar");
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), prefix,
                List.of(YeastarEndToEndTest.pbx("hq", replayer, YeastarEndToEndTest.PASSWORD, "5m")
                        .with("time_zone", "Europe/Berlin")), "")) {
            long played = Await.result(YeastarReplay.start(vertx, replayer, capture, CapturePlayback.AS_FAST_AS_POSSIBLE), WAIT);
            assertThat(played).isEqualTo(reports.size());
            List<JsonNode> published = publishedAtLeast(kafka, prefix, reports.size());
            assertSameRecords(withoutReceiptTimes(published, false), withoutReceiptTimes(normalized.records(), false));
        } finally {
            Await.result(replayer.stop());
        }
    }

    /**
     * A UCM capture written by hand from the documents (spec B.3 notify frames of an inbound call, seed 004
     * getSystemGeneralStatus, listAccount and a cdrapi row of Table 70) replayed to a bridge: it publishes what
     * {@code normalize} prints for the capture (the WebSocket records' event ids name the new session's stream).
     */
    @Test
    void aUcmCaptureWrittenFromTheDocumentsReplaysToWhatNormalizePrints(KafkaBroker kafka, @TempDir Path dir)
            throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2026-11-26T10:00:00Z");
        String trunk = "PJSIP/trunk_1-00000020";
        String ext = "PJSIP/1000-00000021";
        String call = "1574693200.30";
        List<String> lines = List.of(
                line(CaptureKinds.SESSION, t0, CaptureKinds.sessionBody("2026-11-26T10:00:00Z/9c")),
                apiLine("getSystemGeneralStatus", t0.plusMillis(10), "{\"response\":{\"base-version\":\"1.0.20.13\","
                        + "\"product-model\":\"UCM6302 V1.3A\",\"prog-version\":\"1.0.20.13\"},\"status\":0}"),
                line("ucm.resync", t0.plusMillis(20), ("{\"listBridgedChannels\":[],\"listUnBridgedChannels\":[],"
                        + "\"listAccount\":[{\"extension\":\"1000\",\"status\":\"Idle\"},{\"extension\":\"1001\","
                        + "\"status\":\"Unavailable\"}]}").getBytes(StandardCharsets.UTF_8)),
                ws(t0.plusSeconds(1), leg("add", trunk, call, call, "Ring", "0612345678", "s", "2019-11-25 11:00:00", "SIPTrunk1")),
                ws(t0.plusSeconds(2), leg("add", ext, "1574693200.31", call, "Ringing", "1000", "0612345678",
                        "2019-11-25 11:00:01", "SIPTrunk1")),
                ws(t0.plusSeconds(3), "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ExtensionStatus\","
                        + "\"eventbody\":[{\"extension\":\"1000\",\"status\":\"Ringing\"}]}]}"),
                ws(t0.plusSeconds(4), leg("update", ext, "1574693200.31", call, "Up", "1000", "0612345678",
                        "2019-11-25 11:00:04", "SIPTrunk1")),
                ws(t0.plusSeconds(4), leg("update", trunk, call, call, "Up", "0612345678", "1000", "2019-11-25 11:00:04",
                        "SIPTrunk1")),
                ws(t0.plusSeconds(9), "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\","
                        + "\"eventbody\":[{\"action\":\"delete\",\"channel\":\"" + ext + "\"}]}]}"),
                ws(t0.plusSeconds(9), "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\","
                        + "\"eventbody\":[{\"action\":\"delete\",\"channel\":\"" + trunk + "\"}]}]}"),
                line("ucm.cdr-poll", t0.plusSeconds(30), ("{\"after\":null,\"rows\":[{\"AcctId\":\"7\",\"accountcode\":\"\","
                        + "\"src\":\"0612345678\",\"dst\":\"1000\",\"dcontext\":\"from-trunk-1\",\"channel\":\"" + trunk
                        + "\",\"dstchannel\":\"" + ext + "\",\"lastapp\":\"Dial\",\"start\":\"2019-11-25 11:00:00\","
                        + "\"answer\":\"2019-11-25 11:00:04\",\"end\":\"2019-11-25 11:00:09\",\"duration\":\"9\","
                        + "\"billsec\":\"5\",\"disposition\":\"ANSWERED\",\"amaflags\":\"DOCUMENTATION\",\"uniqueid\":\""
                        + call + "\",\"userfield\":\"Inbound\",\"src_trunk_name\":\"SIPTrunk1\",\"dst_trunk_name\":\"\","
                        + "\"caller_name\":\"\",\"recordfiles\":\"\",\"session\":\"1574693200312000-0612345678\"}]}")
                        .getBytes(StandardCharsets.UTF_8)));
        Path capture = dir.resolve("docs-ucm.capture.jsonl");
        Files.writeString(capture, header("grandstream-ucm", "ucm", "1.0", Map.of("call_control", "false"))
                + String.join("\n", lines) + "\n");

        Normalized normalized = normalize(capture);
        assertThat(normalized.exitCode()).isZero();
        assertThat(normalized.records()).extracting(r -> r.get("topic").asText()).contains("call-events", "cdr",
                "extension-status");

        UcmSimulator replayer = ucm();
        UcmReplay replay = Await.result(UcmReplay.prepare(vertx, replayer, capture));
        String prefix = kafka.uniquePrefix("docs-ucm");
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), prefix,
                List.of(ucmEntry(replayer, dir.resolve("state"))
                        .with("time_zone", "Europe/Berlin")), "")) { // the zone the capture header names
            Await.result(replay.play(CapturePlayback.AS_FAST_AS_POSSIBLE), WAIT);
            List<JsonNode> published = publishedAtLeast(kafka, prefix, normalized.records().size());
            assertSameRecords(withoutReceiptTimes(published, true), withoutReceiptTimes(normalized.records(), true));
            assertThat(published).anySatisfy(r -> assertThat(r.get("value").get("header").get("pbx_model").get("string")
                    .asText()).isEqualTo("UCM6302"));
        } finally {
            Await.result(replayer.stop());
        }
    }

    private static String header(String vendor, String pbxId, String apiVersion, Map<String, String> options) {
        return io.pbxbridge.connector.spi.capture.CaptureFormat.headerLine(new io.pbxbridge.connector.spi.capture.CaptureHeader(
                io.pbxbridge.connector.spi.capture.CaptureFormat.VERSION, vendor, pbxId, apiVersion, "Europe/Berlin", options,
                java.time.Instant.parse("2026-11-26T09:59:00Z"), "1.0.0", "bridge-a")) + "\n";
    }

    private static String line(String kind, java.time.Instant at, byte[] body) {
        return io.pbxbridge.connector.spi.capture.CaptureFormat.inputLine(
                new io.pbxbridge.connector.spi.capture.CapturedInput(kind, null, at, body), false);
    }

    private static String apiLine(String action, java.time.Instant at, String body) {
        return io.pbxbridge.connector.spi.capture.CaptureFormat.inputLine(new io.pbxbridge.connector.spi.capture.CapturedInput(
                CaptureKinds.API, action, at, body.getBytes(StandardCharsets.UTF_8)), false);
    }

    private static String ws(java.time.Instant at, String frame) {
        return line(CaptureKinds.WS, at, frame.getBytes(StandardCharsets.UTF_8));
    }

    /** One ActiveCallStatus leg as spec B.3 lists its fields ({@code connectednum} "s" while not bridged). */
    private static String leg(String action, String channel, String uniqueid, String linkedid, String state,
                              String callernum, String connectednum, String allocTime, String inboundTrunk) {
        return new io.vertx.core.json.JsonObject().put("message", new io.vertx.core.json.JsonArray().add(
                new io.vertx.core.json.JsonObject().put("action", "notify").put("eventname", "ActiveCallStatus")
                        .put("eventbody", new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject()
                                .put("action", action).put("channel", channel)
                                .put("chantype", "Up".equals(state) ? "bridge" : "unbridge").put("uniqueid", uniqueid)
                                .put("linkedid", linkedid).put("state", state).put("service", "from-trunk")
                                .put("callername", callernum).put("callernum", callernum).put("connectedname", "")
                                .put("connectednum", connectednum).put("callid", "").put("alloc_time", allocTime)
                                .put("inbound_trunk_name", inboundTrunk).put("outbound_trunk_name", "")))
                        .put("transactionid", ""))).encode();
    }

    private static UcmSimulator ucm() {
        return Await.result(UcmSimulator.start(vertx, new UcmSimulatorOptions().host("127.0.0.1").port(0)
                .apiUser("cdrapi", Secret.of(UCM_API_PASSWORD)).webUser("admin", Secret.of(UCM_WEB_PASSWORD))
                .extensions(6, 1000).callControl(false).stepDelay(Duration.ofMillis(20)).talkTime(Duration.ofMillis(50))));
    }

    private static BridgeHarness.Pbx ucmEntry(UcmSimulator sim, Path state) {
        return new BridgeHarness.Pbx("ucm", "grandstream-ucm", sim.scheme() + "://127.0.0.1:" + sim.port(), "cdrapi",
                UCM_API_PASSWORD, "1.0", "4m", Map.of("ws_username", "admin", "ws_password", UCM_WEB_PASSWORD,
                "call_control", "false", "cdr_poll_interval", "300ms", "backoff_base", "200ms", "backoff_max", "1s",
                "state_dir", state.toString()))
                .with("time_zone", "UTC"); // the simulator prints its times in UTC
    }

    private record Normalized(int exitCode, List<JsonNode> records, String stderr) {
    }

    /** {@code normalize CAPTURE}, its output as {@code {"topic","key","value"}} nodes with the topic's suffix. */
    private static Normalized normalize(Path capture) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new NormalizeCommand(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(capture.toString());
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            node.put("topic", node.get("topic").asText().substring("pbx.".length()));
            records.add(node);
        }
        return new Normalized(code, records, err.toString(StandardCharsets.UTF_8));
    }

    /** Every record on the bridge's topics that came from the PBX (the bridge's own session events left out). */
    private static List<JsonNode> published(KafkaBroker kafka, String prefix) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String topic : TOPICS) {
            for (ConsumedRecord r : kafka.consumer().readToEnd(prefix + topic, WAIT)) {
                JsonNode value = JSON.readTree(AvroJson.toJson(BridgeHarness.CODEC.decodeGeneric(r.topic(), r.value())));
                if ("SESSION".equals(value.path("header").path("ingress").asText())) {
                    continue;
                }
                ObjectNode node = JSON.createObjectNode();
                node.put("topic", topic);
                node.put("key", r.key());
                node.set("value", value);
                out.add(node);
            }
        }
        return out;
    }

    private static List<JsonNode> publishedAtLeast(KafkaBroker kafka, String prefix, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonNode> records = published(kafka, prefix);
        while (records.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(250);
            records = published(kafka, prefix);
        }
        Thread.sleep(500); // nothing more may follow
        return published(kafka, prefix);
    }

    /**
     * The records without what a replay at another time cannot reproduce: the receipt times, and for a UCM
     * WebSocket (when {@code websocketIds}) the event ids, which name the session's stream.
     */
    private static List<JsonNode> withoutReceiptTimes(List<JsonNode> records, boolean websocketIds) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : records) {
            ObjectNode copy = r.deepCopy();
            ObjectNode value = (ObjectNode) copy.get("value");
            value.remove("received_at");
            if (value.get("header") instanceof ObjectNode header) {
                header.remove("received_at");
                if (websocketIds && "WEBSOCKET".equals(header.path("ingress").asText())) {
                    header.remove("event_id");
                }
            }
            out.add(copy);
        }
        return out;
    }

    /** Each record as canonical text (object fields sorted: an Avro map has no order), the list sorted. */
    private static List<String> sorted(List<JsonNode> records) {
        return records.stream().map(r -> canonical(r).toString()).sorted().toList();
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(n -> out.set(n, canonical(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(canonical(n)));
            return out;
        }
        return node;
    }

    /** Equal as multisets; on a difference, names the records only one side has. */
    private static void assertSameRecords(List<JsonNode> actual, List<JsonNode> expected) {
        List<String> a = sorted(actual);
        List<String> e = sorted(expected);
        List<String> missing = new ArrayList<>(e);
        a.forEach(missing::remove);
        List<String> extra = new ArrayList<>(a);
        e.forEach(extra::remove);
        assertThat(a).as("%d records (expected %d); missing: %s%nextra: %s", a.size(), e.size(), missing, extra)
                .isEqualTo(e);
    }

    private static long count(Path capture, String kind) throws Exception {
        long n = 0;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line instanceof CaptureLine.Input in && in.input().kind().equals(kind)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * (c): neither a configured secret (clear or as the MD5 Yeastar logs in with) appears anywhere in the file, nor
     * any value of a {@code tokenField} in the API answers recorded (the login's): each is masked. And the login
     * answers are in it, so the check is not vacuous.
     */
    private static void assertNoSecrets(Path capture, List<String> secrets, String tokenField) throws Exception {
        String text = Files.readString(capture);
        for (String secret : secrets) {
            assertThat(text).as("capture holds a secret").doesNotContain(secret).doesNotContain(md5(secret));
        }
        Map<String, Integer> masked = new TreeMap<>();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            assertThat(reader.header().options()).doesNotContainKeys("ws_password");
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line instanceof CaptureLine.Input in && in.input().kind().equals(CaptureKinds.API)) {
                    JsonNode answer = JSON.readTree(in.input().body());
                    for (JsonNode value : fieldValues(answer, tokenField)) {
                        assertThat(value.asText()).as("%s in the %s answer", tokenField, in.input().detail())
                                .isEqualTo("******");
                        masked.merge(in.input().detail(), 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(masked).as("login answers with a masked %s", tokenField).containsKey("login");
        // Anywhere in the file, escaped inside a recorded body or not.
        assertThat(Pattern.compile("\\\\?\"" + tokenField + "\\\\?\"\\s*:\\s*\\\\?\"(?!\\*{6})").matcher(text).find())
                .as("an unmasked %s anywhere", tokenField).isFalse();
    }

    private static List<JsonNode> fieldValues(JsonNode node, String field) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(field)) {
                    out.add(e.getValue());
                } else {
                    out.addAll(fieldValues(e.getValue(), field));
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> out.addAll(fieldValues(n, field)));
        }
        return out;
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
