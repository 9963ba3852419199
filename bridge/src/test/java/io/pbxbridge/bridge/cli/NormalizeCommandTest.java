package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.DeadLetter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exitCode, List<String> stdout, String stderr) {
    }

    private static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        NormalizeCommand command = new NormalizeCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = new CommandLine(command).execute(args);
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(code, text.isEmpty() ? List.of() : text.lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    /** Proves the value is Avro JSON of the schema (generic reader: no class allow-list needed). */
    private static GenericRecord decode(JsonNode value, org.apache.avro.Schema schema) throws Exception {
        return new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().jsonDecoder(schema, JSON.writeValueAsString(value)));
    }

    @Test
    void legacyReportWithRepeatedKeysPrintsOneCallEvent() throws Exception {
        Run run = run("{\"action\":\"RING\",\"callid\":\"1495706238.328\",\"ext\":{\"extid\":\"1000\"},\"ext\":{\"extid\":\"1002\"}}",
                "--vendor", "yeastar-s", "--pbx-id", "hq");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).hasSize(1);
        JsonNode line = JSON.readTree(run.stdout().get(0));
        assertThat(line.get("topic").asText()).isEqualTo("pbx.call-events");
        assertThat(line.get("key").asText()).isEqualTo("hq/1495706238.328");
        assertThat(line.get("value").isObject()).as("embedded object, not a string").isTrue();

        GenericRecord event = decode(line.get("value"), CallEvent.getClassSchema());
        assertThat(event.get("type").toString()).isEqualTo("RINGING");
        assertThat(event.get("call_id").toString()).isEqualTo("1495706238.328");
        List<?> parties = (List<?>) event.get("parties");
        assertThat(parties).hasSize(2);
        assertThat(((GenericRecord) parties.get(0)).get("number").toString()).isEqualTo("1000");
        assertThat(((GenericRecord) parties.get(0)).get("role").toString()).isEqualTo("CALLEE");
        assertThat(((GenericRecord) parties.get(1)).get("number").toString()).isEqualTo("1002");
        GenericRecord header = (GenericRecord) event.get("header");
        assertThat(header.get("report_format").toString()).isEqualTo("yeastar-1.0.0");
        assertThat(header.get("pbx_id").toString()).isEqualTo("hq");
    }

    @Test
    void cdrTimeUsesTheGivenTimeZone() throws Exception {
        Run run = run("{\"event\":\"NewCdr\",\"callid\":\"1571897930.5\",\"timestart\":\"2019-10-23 22:18:50\","
                + "\"callduraction\":\"19\",\"talkduraction\":\"14\",\"status\":\"ANSWERED\",\"type\":\"Internal\"}",
                "--vendor", "yeastar-s", "--pbx-id", "hq", "--time-zone", "Asia/Shanghai");

        assertThat(run.exitCode()).isZero();
        JsonNode line = JSON.readTree(run.stdout().get(0));
        assertThat(line.get("topic").asText()).isEqualTo("pbx.cdr");
        assertThat(line.at("/value/started_at/long").asLong())
                .isEqualTo(Instant.parse("2019-10-23T14:18:50Z").toEpochMilli());
    }

    @Test
    void malformedReportPrintsItsDeadLetterAndExitsWith2() throws Exception {
        Run run = run("this is not json", "--vendor", "yeastar-s", "--pbx-id", "hq");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).hasSize(1);
        assertThat(run.stderr()).contains("cannot be parsed");
        assertThat(run.stdout()).hasSize(1);
        JsonNode line = JSON.readTree(run.stdout().get(0));
        assertThat(line.get("topic").asText()).isEqualTo("pbx.dlq");
        assertThat(line.get("key").asText()).isEqualTo("hq");
        GenericRecord dead = decode(line.get("value"), DeadLetter.getClassSchema());
        assertThat(dead.get("reason").toString()).contains("not valid JSON");
        assertThat(dead.get("source").toString()).isEqualTo("REPORT_INGRESS");
        assertThat(dead.get("vendor").toString()).isEqualTo("YEASTAR_S");
        java.nio.ByteBuffer raw = (java.nio.ByteBuffer) dead.get("raw");
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("this is not json");
    }

    @Test
    void unknownVendorIsAOneLineErrorWithExit2() {
        Run run = run("{\"action\":\"BootUp\"}", "--vendor", "acme-pbx");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines().toList()).hasSize(1);
        assertThat(run.stderr()).contains("unknown vendor 'acme-pbx'");
    }

    // ------------------------------------------------------------ Grandstream UCM: a stream of WebSocket frames

    /** An ActiveCallStatus notify frame (spec B.3 envelope) with the given eventbody items. */
    private static String ucmFrame(String... items) {
        return "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":["
                + String.join(",", items) + "]}]}";
    }

    /** A leg with the B.3 / seed 004 Table 27 fields. */
    private static String ucmLeg(String action, String channel, String uniqueid, String state, String callernum,
                                 String connectednum, String allocTime) {
        return "{\"action\":\"" + action + "\",\"channel\":\"" + channel + "\",\"chantype\":\""
                + ("Up".equals(state) ? "bridge" : "unbridge") + "\",\"uniqueid\":\"" + uniqueid
                + "\",\"linkedid\":\"1574692996.4\",\"state\":\"" + state + "\",\"service\":\"macro-dial\","
                + "\"callername\":\"" + callernum + "\",\"callernum\":\"" + callernum + "\",\"connectedname\":\"\","
                + "\"connectednum\":\"" + connectednum + "\",\"callid\":\"\",\"alloc_time\":\"" + allocTime
                + "\",\"inbound_trunk_name\":\"\",\"outbound_trunk_name\":\"\"}";
    }

    /** 1001 calls 1000 (the pair of seed 004 Table 26's example); a delete carries only its channel. */
    private static final List<String> UCM_INTERNAL_CALL = List.of(
            ucmFrame(ucmLeg("add", "PJSIP/1001-00000002", "1574692996.4", "Ring", "1001", "s", "2019-11-25 09:43:12")),
            ucmFrame(ucmLeg("add", "PJSIP/1000-00000003", "1574692996.5", "Ringing", "1000", "1001", "2019-11-25 09:43:13")),
            ucmFrame(ucmLeg("update", "PJSIP/1000-00000003", "1574692996.5", "Up", "1000", "1001", "2019-11-25 09:43:19"),
                    ucmLeg("update", "PJSIP/1001-00000002", "1574692996.4", "Up", "1001", "1000", "2019-11-25 09:43:19")),
            ucmFrame("{\"action\":\"delete\",\"channel\":\"PJSIP/1000-00000003\"}"),
            ucmFrame("{\"action\":\"delete\",\"channel\":\"PJSIP/1001-00000002\"}"));

    @Test
    void aUcmFrameStreamRunsThroughTheLiveStatefulPipeline() throws Exception {
        Run run = run(String.join("\n", UCM_INTERNAL_CALL) + "\n", "--vendor", "grandstream-ucm", "--pbx-id", "hq",
                "--pbx-model", "UCM6304", "--time-zone", "Europe/Paris");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : run.stdout()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(l -> l.at("/value/type").asText())
                .containsExactly("RINGING", "ANSWERED", "UPDATED", "ENDED");
        // The deletes name only a channel; the hang-up still lands under the call's key.
        assertThat(lines).extracting(l -> l.get("key").asText()).containsOnly("hq/1574692996.4");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.get("topic").asText()).isEqualTo("pbx.call-events");
            assertThat(l.at("/value/header/ingress").asText()).isEqualTo("WEBSOCKET");
            assertThat(l.at("/value/header/pbx_model/string").asText()).isEqualTo("UCM6304");
        });
        GenericRecord answered = decode(lines.get(1).get("value"), CallEvent.getClassSchema());
        assertThat(((GenericRecord) answered.get("header")).get("occurred_at"))
                .isEqualTo(Instant.parse("2019-11-25T08:43:19Z").toEpochMilli());
        List<?> parties = (List<?>) answered.get("parties");
        assertThat(parties).extracting(p -> ((GenericRecord) p).get("role").toString()).containsExactly("CALLER", "CALLEE");
        assertThat(parties).extracting(p -> ((GenericRecord) p).get("number").toString()).containsExactly("1001", "1000");
    }

    @Test
    void aSingleMultiLineUcmFrameIsStillOneReport() throws Exception {
        String pretty = new ObjectMapper().readTree(UCM_INTERNAL_CALL.get(0)).toPrettyString();
        assertThat(pretty.lines().count()).isGreaterThan(3);
        Run run = run(pretty, "--vendor", "grandstream-ucm", "--pbx-id", "hq");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).singleElement().satisfies(l -> assertThat(JSON.readTree(l).at("/value/type").asText())
                .isEqualTo("RINGING"));
    }

    @Test
    void inAUcmStreamAnythingNotAJsonObjectIsDeadLetteredAndTheRestGoesOn() throws Exception {
        Run run = run(UCM_INTERNAL_CALL.get(0) + "\n[1,2]\n\"just a string\"\n" + UCM_INTERNAL_CALL.get(1) + "\n",
                "--vendor", "grandstream-ucm", "--pbx-id", "hq");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).contains("cannot be parsed"));
        assertThat(run.stderr()).contains("input 2").contains("input 3");
        assertThat(run.stdout()).hasSize(3);
        JsonNode array = JSON.readTree(run.stdout().get(1));
        assertThat(array.get("topic").asText()).isEqualTo("pbx.dlq");
        GenericRecord dead = decode(array.get("value"), DeadLetter.getClassSchema());
        assertThat(dead.get("reason").toString()).contains("a JSON array, not a JSON object");
        assertThat(dead.get("vendor").toString()).isEqualTo("GRANDSTREAM_UCM");
        assertThat(JSON.readTree(run.stdout().get(2)).get("topic").asText()).isEqualTo("pbx.dlq");
    }

    @Test
    void anInputOverTheBodyLimitIsRefusedAsTheIngressRefusesIt() throws Exception {
        String huge = "\"" + "x".repeat(1_000_000) + "\"";
        Run single = run(huge, "--vendor", "grandstream-ucm", "--pbx-id", "hq");
        assertThat(single.exitCode()).isEqualTo(2);
        assertThat(single.stdout()).isEmpty();
        assertThat(single.stderr()).contains("1000002 bytes").contains("--max-body-bytes (65536)");

        // The first frame is about 400 bytes, the third (two legs) about 800.
        Run stream = run(UCM_INTERNAL_CALL.get(0) + "\n" + UCM_INTERNAL_CALL.get(2) + "\n",
                "--vendor", "grandstream-ucm", "--pbx-id", "hq", "--max-body-bytes", "500");
        assertThat(stream.exitCode()).isEqualTo(2);
        assertThat(stream.stderr().lines().toList()).hasSize(1);
        assertThat(stream.stderr()).contains("input 2").contains("larger than --max-body-bytes (500)");
        assertThat(stream.stdout()).singleElement().satisfies(l -> assertThat(JSON.readTree(l).at("/value/type").asText())
                .isEqualTo("RINGING"));
    }
}
