package io.pbxbridge.bridge.cli;

import io.pbxbridge.bridge.testkit.TinySchemaRegistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.codec.ConfluentCodec;
import io.pbxbridge.schema.codec.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --config} with Confluent framing: send encodes through the registry, tail decodes through it. */
@WithKafka
class ConfluentFramingCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sendAndTailUseTheConfiguredRegistryAndPrefix(KafkaBroker broker, @TempDir Path dir) throws Exception {
        String prefix = broker.uniquePrefix("confluent");
        broker.createTopics(prefix + "commands", prefix + "command-results", prefix + "schemas");
        try (TinySchemaRegistry registry = new TinySchemaRegistry()) {
            Path config = dir.resolve("bridge.yaml");
            Files.writeString(config, """
                    kafka:
                      bootstrap_servers: "%s"
                      topic_prefix: "%s"
                    codec:
                      format: confluent
                      registry_url: "%s"
                    """.formatted(broker.bootstrapServers(), prefix, registry.uri()));
            ConfluentCodec responderCodec = new ConfluentCodec(SchemaRegistryClient.builder(registry.uri()).build());
            ByteArrayOutputStream sendOut = new ByteArrayOutputStream();
            ByteArrayOutputStream sendErr = new ByteArrayOutputStream();
            int sendExit;
            try (CommandResponder responder = new CommandResponder(broker.bootstrapServers(), prefix + "commands",
                    prefix + "command-results", responderCodec,
                    c -> CliRecords.result(c.getCommandId(), c.getPbxId(), CommandStatus.NOT_SUPPORTED, "no SMS trunk"))) {
                SendCommand send = new SendCommand(new ByteArrayInputStream(("{\"command_id\":\"sms-1\",\"pbx_id\":\"hq\","
                        + "\"action\":\"send-sms\",\"send_sms\":{\"trunk\":\"gsm1\",\"number\":\"0612345678\","
                        + "\"message\":\"hi\"}}").getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(sendOut, true, StandardCharsets.UTF_8), new PrintStream(sendErr, true, StandardCharsets.UTF_8));
                sendExit = new CommandLine(send).execute("--config", config.toString(), "--timeout", "20s");
                assertThat(responder.received()).hasSize(1);
                assertThat(responder.received().get(0).value()[0]).as("Confluent magic byte").isEqualTo((byte) 0);
            }

            ByteArrayOutputStream tailOut = new ByteArrayOutputStream();
            ByteArrayOutputStream tailErr = new ByteArrayOutputStream();
            TailCommand tail = new TailCommand(new PrintStream(tailOut, true, StandardCharsets.UTF_8),
                    new PrintStream(tailErr, true, StandardCharsets.UTF_8), false);
            int tailExit = new CommandLine(tail).execute("--config", config.toString(), "--from-beginning",
                    "--type", "not-supported", "--max", "1", "--timeout", "20s", "command-results", "commands");

            assertThat(sendExit).as(sendErr.toString(StandardCharsets.UTF_8)).isEqualTo(3);
            assertThat(JSON.readTree(sendOut.toString(StandardCharsets.UTF_8)).get("status").asText()).isEqualTo("NOT_SUPPORTED");
            assertThat(tailExit).as(tailErr.toString(StandardCharsets.UTF_8)).isZero();
            List<String> lines = tailOut.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(1);
            JsonNode line = JSON.readTree(lines.get(0));
            assertThat(line.get("topic").asText()).isEqualTo(prefix + "command-results");
            assertThat(line.at("/value/command_id").asText()).isEqualTo("sms-1");
            assertThat(line.at("/value/reason/string").asText()).isEqualTo("no SMS trunk");
            assertThat(registry.lookups.get()).as("tail fetched writer schemas by id").isPositive();
        }
    }
}
