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
}
