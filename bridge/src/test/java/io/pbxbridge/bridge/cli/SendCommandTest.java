package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.codec.AvroJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafka
class SendCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIAL = "{\"command_id\":\"%s\",\"pbx_id\":\"hq\",\"action\":\"DIAL\","
            + "\"dial\":{\"from\":{\"kind\":\"EXTENSION\",\"number\":\"1001\"},"
            + "\"to\":{\"kind\":\"EXTERNAL\",\"number\":\"0612345678\"}}}";

    private record Run(int exitCode, List<String> stdout, String stderr) {
    }

    private record Topics(String prefix, String commands, String results) {
    }

    private static Topics topics(KafkaBroker broker) {
        String prefix = broker.uniquePrefix("send");
        broker.createTopics(1, prefix + "commands");
        broker.createTopics(3, prefix + "command-results");
        return new Topics(prefix, prefix + "commands", prefix + "command-results");
    }

    private static Run send(KafkaBroker broker, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SendCommand command = new SendCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> all = new ArrayList<>(List.of("--bootstrap", broker.bootstrapServers()));
        all.addAll(List.of(args));
        int code = new CommandLine(command).execute(all.toArray(String[]::new));
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(code, text.isEmpty() ? List.of() : text.lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void plainJsonCommandSucceeds(KafkaBroker broker) throws Exception {
        Topics t = topics(broker);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (CommandResponder responder = new CommandResponder(broker.bootstrapServers(), t.commands(), t.results(),
                c -> CliRecords.result(c.getCommandId(), c.getPbxId(), CommandStatus.SUCCEEDED, null))) {
            Run run = send(broker, DIAL.formatted("c-ok"), "--prefix", t.prefix(), "--timeout", "20s");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).hasSize(1);
            CommandResult result = AvroJson.fromJson(run.stdout().get(0), CommandResult.class);
            assertThat(result.getCommandId()).isEqualTo("c-ok");
            assertThat(result.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(responder.received()).hasSize(1);
            ConsumerRecord<String, byte[]> record = responder.received().get(0);
            assertThat(record.key()).isEqualTo("hq");
            assertThat(header(record, "ce_id")).isEqualTo("c-ok");
            assertThat(header(record, "ce_type")).isEqualTo("io.pbxbridge.command.dial");
            assertThat(header(record, "ce_source")).isEqualTo("/pbx/hq");
            Command command = responder.decode(record);
            assertThat(command.getAction()).isEqualTo(CommandAction.DIAL);
            assertThat(command.getDial().getTo().getNumber()).isEqualTo("0612345678");
            assertThat(command.getIssuedAt()).isAfterOrEqualTo(before);
            assertThat(header(record, "ce_time")).isEqualTo(command.getIssuedAt().toString());
        }
    }

    @Test
    void avroJsonFromAFileWithAFailedResultExitsWith3(KafkaBroker broker, @TempDir Path dir) throws Exception {
        Topics t = topics(broker);
        Command command = CommandJson.parse(DIAL.formatted("c-refused"), Instant.now()).command();
        Path file = dir.resolve("command.json");
        Files.writeString(file, AvroJson.toPrettyJson(command));
        try (CommandResponder responder = new CommandResponder(broker.bootstrapServers(), t.commands(), t.results(),
                c -> CliRecords.result(c.getCommandId(), c.getPbxId(), CommandStatus.PBX_ERROR, "errno 10004"))) {
            Instant before = Instant.now();
            Run run = send(broker, "", "--prefix", t.prefix(), "--timeout", "20s", file.toString());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
            JsonNode result = JSON.readTree(run.stdout().get(0));
            assertThat(result.get("command_id").asText()).isEqualTo("c-refused");
            assertThat(result.get("status").asText()).isEqualTo("PBX_ERROR");
            assertThat(result.at("/reason/string").asText()).isEqualTo("errno 10004");
            Command sent = responder.decode(responder.received().get(0));
            // The file gave no expires_at: send makes it "when I stop waiting", so a late owner answers EXPIRED.
            assertThat(sent.getExpiresAt()).isBetween(before.plusSeconds(20), Instant.now().plusSeconds(20));
            sent.setExpiresAt(null);
            assertThat(sent).isEqualTo(command);
        }
    }

    @Test
    void missingCommandIdIsGeneratedAndReported(KafkaBroker broker) throws Exception {
        Topics t = topics(broker);
        try (CommandResponder responder = new CommandResponder(broker.bootstrapServers(), t.commands(), t.results(),
                c -> CliRecords.result(c.getCommandId(), c.getPbxId(), CommandStatus.SUCCEEDED, null))) {
            Run run = send(broker, "{\"pbx_id\":\"hq\",\"action\":\"hangup\",\"call\":{\"call_id\":\"1700000000.1\"}}",
                    "--prefix", t.prefix(), "--timeout", "20s");

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            String generated = responder.decode(responder.received().get(0)).getCommandId();
            assertThat(run.stderr()).contains("command_id not given, using " + generated);
            assertThat(JSON.readTree(run.stdout().get(0)).get("command_id").asText()).isEqualTo(generated);
        }
    }

    @Test
    void noResultWithinTheTimeoutExitsWith4(KafkaBroker broker) {
        Topics t = topics(broker);

        Run run = send(broker, DIAL.formatted("c-lost"), "--prefix", t.prefix(), "--timeout", "1s");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("no result for command c-lost within 1000 ms");
        assertThat(broker.consumer().read(t.commands(), 1, java.time.Duration.ofSeconds(10)))
                .as("the command was produced").hasSize(1);
    }

    @Test
    void malformedCommandExitsWith2NamingTheField(KafkaBroker broker) {
        Topics t = topics(broker);

        Run missing = send(broker, "{\"command_id\":\"x\",\"pbx_id\":\"hq\",\"action\":\"DIAL\",\"dial\":{\"from\":"
                + "{\"kind\":\"EXTENSION\",\"number\":\"1\"},\"to\":{\"kind\":\"EXTERNAL\"}}}", "--prefix", t.prefix());
        Run badTime = send(broker, "{\"pbx_id\":\"hq\",\"action\":\"DIAL\",\"expires_at\":\"soon\"}", "--prefix", t.prefix());
        Run notJson = send(broker, "action=DIAL", "--prefix", t.prefix());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr().lines().toList()).hasSize(1);
        assertThat(missing.stderr()).contains("'dial.to.number'");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.stderr()).contains("'expires_at'");
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.stderr()).contains("not JSON");
        assertThat(missing.stdout()).isEmpty();
    }

    @Test
    void unreachableResultsTopicIsAKafkaError(KafkaBroker broker) {
        Run run = send(broker, DIAL.formatted("c-nowhere"), "--prefix", broker.uniquePrefix("missing"), "--timeout", "5s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("command-results does not exist");
    }

    @Test
    void helpDocumentsExitCodesAndAnExample() {
        StringWriter send = new StringWriter();
        StringWriter tail = new StringWriter();
        assertThat(Main.commandLine().setOut(new PrintWriter(send)).execute("send", "--help")).isZero();
        assertThat(Main.commandLine().setOut(new PrintWriter(tail)).execute("tail", "--help")).isZero();

        assertThat(send.toString()).contains("--timeout", "--config", "--bootstrap", "--prefix", "4 no result",
                "3 any other result status", "Example:", "\"action\":\"DIAL\"");
        assertThat(tail.toString()).contains("--from-beginning", "--pbx", "--type", "--text", "--max", "--timeout",
                "schemas", "Example:");
    }
}
