package io.pbxbridge.bridge.cli;

import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.codec.AvroJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandJsonTest {
    private static final Instant NOW = Instant.parse("2026-11-26T20:00:00Z");
    private static final String PLAIN_DIAL = "{\"command_id\":\"c1\",\"pbx_id\":\"hq\",\"action\":\"dial\","
            + "\"dial\":{\"from\":{\"kind\":\"EXTENSION\",\"number\":\"1001\"},"
            + "\"to\":{\"kind\":\"external\",\"number\":\"0612345678\"}},\"expires_at\":\"2026-11-26T20:05:00Z\"}";

    @Test
    void plainJsonFillsDefaultsAndNow() throws Exception {
        CommandJson.Parsed parsed = CommandJson.parse(PLAIN_DIAL, NOW);

        Command c = parsed.command();
        assertThat(parsed.generatedId()).isFalse();
        assertThat(c.getCommandId()).isEqualTo("c1");
        assertThat(c.getPbxId()).isEqualTo("hq");
        assertThat(c.getAction()).isEqualTo(CommandAction.DIAL);
        assertThat(c.getIssuedAt()).isEqualTo(NOW);
        assertThat(c.getExpiresAt()).isEqualTo(Instant.parse("2026-11-26T20:05:00Z"));
        assertThat(c.getDial().getFrom().getNumber()).isEqualTo("1001");
        assertThat(c.getDial().getTo().getKind()).isEqualTo(EndpointKind.EXTERNAL);
        assertThat(c.getDial().getAutoAnswer()).isFalse();
        assertThat(c.getTransfer()).isNull();
    }

    @Test
    void avroJsonEncodingReadsToTheSameCommand() throws Exception {
        Command plain = CommandJson.parse(PLAIN_DIAL, NOW).command();
        String avroJson = AvroJson.toJson(plain);
        assertThat(avroJson).contains("\"io.pbxbridge.schema.DialAction\"");

        Command again = CommandJson.parse(avroJson, Instant.EPOCH).command();

        assertThat(again).isEqualTo(plain);
    }

    @Test
    void epochMillisAndJsonObjectsForJsonStringFields() throws Exception {
        Command c = CommandJson.parse("{\"command_id\":\"v1\",\"pbx_id\":\"hq\",\"action\":\"VENDOR\","
                + "\"issued_at\":1764187200000,\"expires_at\":\"1764187260000\","
                + "\"vendor\":{\"action\":\"listAccount\",\"parameters_json\":{\"page\":1}}}", NOW).command();

        assertThat(c.getIssuedAt()).isEqualTo(Instant.ofEpochMilli(1764187200000L));
        assertThat(c.getExpiresAt()).isEqualTo(Instant.ofEpochMilli(1764187260000L));
        assertThat(c.getVendor().getParametersJson()).isEqualTo("{\"page\":1}");
    }

    @Test
    void missingIdIsGenerated() throws Exception {
        CommandJson.Parsed parsed = CommandJson.parse("{\"pbx_id\":\"hq\",\"action\":\"HANGUP\",\"call\":{\"call_id\":\"42\"}}",
                NOW, () -> "generated-1");

        assertThat(parsed.generatedId()).isTrue();
        assertThat(parsed.command().getCommandId()).isEqualTo("generated-1");
        assertThat(parsed.command().getCall().getCallId()).isEqualTo("42");
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> CommandJson.parse("{\"pbx_id\":\"hq\",\"action\":\"DIAL\","
                + "\"dial\":{\"from\":{\"kind\":\"EXTENSION\"},\"to\":{\"kind\":\"EXTERNAL\",\"number\":\"1\"}}}", NOW))
                .isInstanceOf(CommandJsonException.class).hasMessageContaining("'dial.from.number'").hasMessageContaining("required");
        assertThatThrownBy(() -> CommandJson.parse("{\"pbx_id\":\"hq\",\"action\":\"FLY\"}", NOW))
                .hasMessageContaining("'action'").hasMessageContaining("FLY");
        assertThatThrownBy(() -> CommandJson.parse("{\"pbx_id\":\"hq\",\"action\":\"DIAL\",\"dail\":{}}", NOW))
                .hasMessageContaining("'dail'").hasMessageContaining("unknown field");
        assertThatThrownBy(() -> CommandJson.parse("{\"pbx_id\":\"hq\",\"expires_at\":\"tomorrow\"}", NOW))
                .hasMessageContaining("'expires_at'").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> CommandJson.parse("{\"pbx_id\":\"hq\",\"play_prompt\":{\"to\":{\"number\":\"1\"},"
                + "\"prompts\":[\"a\",7,{}]}}", NOW))
                .hasMessageContaining("'play_prompt.prompts[2]'");
        assertThatThrownBy(() -> CommandJson.parse("{\"pbx_id\": ", NOW))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> CommandJson.parse("[1]", NOW))
                .hasMessageContaining("JSON object");
    }
}
