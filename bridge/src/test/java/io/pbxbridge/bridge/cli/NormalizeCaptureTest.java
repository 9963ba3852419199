package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pbxbridge.bridge.management.BuildInfo;
import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.capture.CaptureFormat;
import io.pbxbridge.connector.spi.capture.CaptureHeader;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.CapturedInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code normalize} reading a capture file, fed with captures written from the vendor documents: Yeastar
 * v2.0.0 reports ({@code connectors/yeastar-s/src/test/resources/yeastar/reports}, from the docs) and UCM
 * notify frames shaped as spec B.3 and seed 004 describe them.
 */
class NormalizeCaptureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path YEASTAR_REPORTS = Path.of("..", "connectors", "yeastar-s", "src", "test", "resources",
            "yeastar", "reports", "v2.0.0");
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    /** B.3: a trunk leg ringing in (Table 27 fields; connectednum "s" while not bridged). */
    private static final String INBOUND_RING = "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\","
            + "\"eventbody\":[{\"action\":\"add\",\"channel\":\"PJSIP/trunk_1-00000020\",\"chantype\":\"unbridge\","
            + "\"uniqueid\":\"1574693200.30\",\"linkedid\":\"1574693200.30\",\"state\":\"Ring\",\"service\":\"from-trunk\","
            + "\"callername\":\"0612345678\",\"callernum\":\"0612345678\",\"connectedname\":\"\",\"connectednum\":\"s\","
            + "\"callid\":\"\",\"alloc_time\":\"2019-11-25 11:00:00\",\"inbound_trunk_name\":\"SIPTrunk1\","
            + "\"outbound_trunk_name\":\"\"}],\"transactionid\":\"\"}]}";

    private record Run(int exitCode, List<JsonNode> records, String stderr) {
    }

    private static Run run(byte[] stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new NormalizeCommand(new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(args);
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
            records.add(JSON.readTree(line));
        }
        return new Run(code, records, err.toString(StandardCharsets.UTF_8));
    }

    private static String capture(CaptureHeader header, List<String> lines) {
        return CaptureFormat.headerLine(header) + "\n" + String.join("\n", lines) + "\n";
    }

    private static String line(String kind, Instant at, byte[] body) {
        return CaptureFormat.inputLine(new CapturedInput(kind, null, at, body), false);
    }

    private static CaptureHeader header(String vendor, String pbxId, Map<String, String> options) {
        return new CaptureHeader(CaptureFormat.VERSION, vendor, pbxId, vendor.equals("yeastar-s") ? "2.0.0" : "1.0",
                "Europe/Berlin", options, T0, "1.0.0", "bridge-a");
    }

    @Test
    void aYeastarCaptureGivesWhatTheIngressPublishedForEachRecordedReport(@TempDir Path dir) throws Exception {
        List<Path> reports;
        try (Stream<Path> files = Files.list(YEASTAR_REPORTS)) {
            reports = files.sorted().toList();
        }
        List<String> lines = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            byte[] body = Files.readAllBytes(reports.get(i));
            bodies.add(body);
            lines.add(line(CaptureKinds.REPORT, T0.plusMillis(250L * i), body));
            // What the session recorded besides: nothing a Yeastar session publishes.
            lines.add(CaptureFormat.inputLine(new CapturedInput(CaptureKinds.API, "heartbeat", T0.plusMillis(250L * i + 1),
                    "{\"status\":\"Success\"}".getBytes(StandardCharsets.UTF_8)), false));
        }
        Path file = dir.resolve("hq.capture.jsonl");
        Files.writeString(file, capture(header("yeastar-s", "hq", Map.of()), lines));

        Run run = run(new byte[0], file.toString());

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.records()).hasSize(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            JsonNode header = run.records().get(i).get("value").get("header");
            assertThat(header.get("pbx_id").asText()).as("the recorded PBX's id").isEqualTo("hq");
            assertThat(header.get("received_at").asLong()).as("the recorded receipt time")
                    .isEqualTo(T0.plusMillis(250L * i).toEpochMilli());
            assertThat(header.get("event_id").asText()).as("as the ingress names report %s", reports.get(i).getFileName())
                    .isEqualTo(EventIds.of("hq", bodies.get(i), 0));
            assertThat(header.get("ingress").asText()).isEqualTo("HTTP_REPORT");
            assertThat(header.get("raw_payload").asText()).isEqualTo(new String(bodies.get(i), StandardCharsets.UTF_8));
            assertThat(header.get("bridge_version").asText()).isEqualTo(BuildInfo.version());
        }
    }

    @Test
    void aUcmCaptureUsesTheRecordedStreamIdTimeZoneAndOptions(@TempDir Path dir) throws Exception {
        byte[] ring = INBOUND_RING.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("ucm.capture.jsonl");
        Files.writeString(file, capture(header("grandstream-ucm", "ucm", Map.of("call_control", "false")), List.of(
                line(CaptureKinds.SESSION, T0, CaptureKinds.sessionBody("2026-11-26T09:59:00Z/3e8")),
                line(CaptureKinds.WS, T0.plusSeconds(1), ring))));

        Run recorded = run(new byte[0], file.toString());
        Run callControl = run(new byte[0], file.toString(), "--option", "call_control=true");

        assertThat(recorded.exitCode()).isZero();
        JsonNode event = recorded.records().get(0).get("value");
        assertThat(event.get("type").asText()).as("call_control=false, as the PBX was configured").isEqualTo("RINGING");
        assertThat(event.get("header").get("event_id").asText()).as("the session's stream, its first input")
                .isEqualTo(EventIds.of("ucm", ("ucm-ws\0" + "2026-11-26T09:59:00Z/3e8" + "\0" + 1 + "\0" + INBOUND_RING)
                        .getBytes(StandardCharsets.UTF_8), 0));
        assertThat(event.get("header").get("occurred_at").get("long").asLong()).as("11:00 in Berlin")
                .isEqualTo(Instant.parse("2019-11-25T10:00:00Z").toEpochMilli());
        assertThat(recorded.records().get(0).get("key").asText()).isEqualTo("ucm/1574693200.30");
        assertThat(callControl.records().get(0).get("value").get("type").asText()).isEqualTo("INBOUND_REQUEST");
    }

    @Test
    void aCaptureOnStdinIsReadLikeAFileAndItsGapsAreNamed() throws Exception {
        String text = capture(header("grandstream-ucm", "ucm", Map.of()), List.of(
                line(CaptureKinds.SESSION, T0, CaptureKinds.sessionBody("s")),
                CaptureFormat.droppedLine(T0.plusSeconds(1), 3),
                line(CaptureKinds.WS, T0.plusSeconds(2), INBOUND_RING.getBytes(StandardCharsets.UTF_8)),
                CaptureFormat.endLine(T0.plusSeconds(3), "record_max_bytes (4096) reached")));

        Run run = run(text.getBytes(StandardCharsets.UTF_8));

        assertThat(run.exitCode()).isZero();
        assertThat(run.records()).hasSize(1);
        assertThat(run.stderr()).contains("capture line 3: 3 lines dropped")
                .contains("capture line 5: recording stopped: record_max_bytes (4096) reached")
                .contains("may differ from what the bridge published");
    }

    @Test
    void aBadInputInACaptureIsItsDeadLetterAsLive(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ucm.capture.jsonl");
        Files.writeString(file, capture(header("grandstream-ucm", "ucm", Map.of()), List.of(
                line(CaptureKinds.SESSION, T0, CaptureKinds.sessionBody("s")),
                line(CaptureKinds.WS, T0.plusSeconds(1), "[1,2]".getBytes(StandardCharsets.UTF_8)),
                line(CaptureKinds.REPORT, T0.plusSeconds(2), "\"a string\"".getBytes(StandardCharsets.UTF_8)))));

        Run run = run(new byte[0], file.toString(), "--max-body-bytes", "100");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.records()).extracting(r -> r.get("topic").asText()).containsExactly("pbx.dlq", "pbx.dlq");
        assertThat(run.records().get(0).get("value").get("source").asText()).isEqualTo("WEBSOCKET");
        assertThat(run.records().get(0).get("value").get("source_detail").get("string").asText()).isEqualTo("websocket");
        assertThat(run.records().get(1).get("value").get("source").asText()).isEqualTo("REPORT_INGRESS");
        assertThat(run.records().get(1).get("value").get("source_detail").get("string").asText())
                .isEqualTo("/report/ucm/******");
        assertThat(run.stderr()).contains("capture line 3 (ws) cannot be parsed").contains("capture line 4 (report) cannot be parsed");

        Run tooLarge = run(new byte[0], file.toString(), "--max-body-bytes", "5");
        assertThat(tooLarge.stderr()).contains("capture line 4 is 10 bytes, larger than --max-body-bytes (5)");
    }

    @Test
    void aRecordedReportWhoseRecordsCannotBeEncodedIsItsDeadLetterAsLive(@TempDir Path dir) throws Exception {
        // Issue 10 item 5: the ingress dead-letters such a report (and answers 200); normalize shows the same.
        String poison = "{\"event\":\"NewCdr\",\"callid\":\"1.3\",\"timestart\":\"+999999999-12-31 23:59:59\","
                + "\"callfrom\":\"1000\",\"callto\":\"1001\",\"callduraction\":\"4\",\"talkduraction\":\"2\","
                + "\"status\":\"ANSWERED\",\"type\":\"Internal\",\"sn\":\"1\"}";
        Path file = dir.resolve("yeastar.capture.jsonl");
        Files.writeString(file, capture(header("yeastar-s", "hq", Map.of()), List.of(
                line(CaptureKinds.REPORT, T0, poison.getBytes(StandardCharsets.UTF_8)))));

        Run run = run(new byte[0], file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.records()).extracting(r -> r.get("topic").asText()).containsExactly("pbx.dlq");
        assertThat(run.records().get(0).get("value").get("reason").asText()).contains("cannot be encoded");
        assertThat(run.stderr()).contains("capture line 2 (report) cannot be encoded");
    }

    @Test
    void whatContradictsTheCaptureIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hq.capture.jsonl");
        Files.writeString(file, capture(header("yeastar-s", "hq", Map.of()), List.of()));

        Run vendor = run(new byte[0], file.toString(), "--vendor", "grandstream-ucm");
        Run option = run(new byte[0], file.toString(), "--option", "nope=1");
        Run badValue = run(new byte[0], file.toString(), "--option", "request_timeout=soon");
        Run missing = run(new byte[0], dir.resolve("nothing-here.jsonl").toString());
        Run noVendor = run("{\"event\":\"BootUp\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(vendor.exitCode()).isEqualTo(2);
        assertThat(vendor.stderr()).contains("--vendor grandstream-ucm but the capture is of a yeastar-s PBX");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.stderr()).contains("option nope: unknown option");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.stderr()).contains("option request_timeout:");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("cannot read");
        assertThat(noVendor.exitCode()).isEqualTo(2);
        assertThat(noVendor.stderr()).contains("--vendor is required unless the input is a capture file");
    }

    @Test
    void optionsApplyToJsonLinesToo() throws Exception {
        Run run = run((INBOUND_RING + "\n").getBytes(StandardCharsets.UTF_8), "--vendor", "grandstream-ucm",
                "--option", "call_control=false");
        assertThat(run.exitCode()).isZero();
        assertThat(run.records().get(0).get("value").get("type").asText()).isEqualTo("RINGING");
    }
}
