package io.pbxbridge.bridge.command;

import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.kafka.client.producer.KafkaHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandIdRecoveryTest {
    static {
        io.pbxbridge.schema.codec.TrustedContractClasses.install();
    }

    private final SingleObjectCodec codec = new SingleObjectCodec();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void prefersTheCeIdHeaderAndTakesThePbxFromTheKey() {
        var r = CommandIdRecovery.recover(List.of(KafkaHeader.header("ce_id", "cmd-7")), utf8("junk"), "pbx-a", codec, "t");
        assertThat(r).contains(new CommandIdRecovery.Recovered("cmd-7", "pbx-a"));
    }

    @Test
    void readsIdsFromAJsonBody() {
        var r = CommandIdRecovery.recover(List.of(), utf8("{\"command_id\":\"j-1\",\"pbx_id\":\"pbx-j\",\"x\":[1,"),
                null, codec, "t");
        assertThat(r).as("broken JSON yields nothing").isEmpty();

        r = CommandIdRecovery.recover(List.of(), utf8("{\"command_id\":\"j-1\",\"pbx_id\":\"pbx-j\"}"), "other", codec, "t");
        assertThat(r).contains(new CommandIdRecovery.Recovered("j-1", "pbx-j"));
    }

    @Test
    void readsIdsFromAnotherAvroRecordGenerically() {
        CommandResult wrongType = CommandResult.newBuilder().setCommandId("avro-1").setPbxId("pbx-g")
                .setStatus(CommandStatus.SUCCEEDED).setExecutedBy("x").setCompletedAt(Instant.now()).build();
        byte[] bytes = codec.encode("t", wrongType);

        var r = CommandIdRecovery.recover(List.of(), bytes, null, codec, "t");
        assertThat(r).contains(new CommandIdRecovery.Recovered("avro-1", "pbx-g"));
    }

    @Test
    void refusesIdsWithControlCharactersAndGarbage() {
        assertThat(CommandIdRecovery.recover(List.of(KafkaHeader.header("ce_id", "a\u0000b")), new byte[]{1, 2}, "k",
                codec, "t")).isEmpty();
        assertThat(CommandIdRecovery.recover(List.of(), new byte[]{(byte) 0xC3, 0x01, 9}, "k", codec, "t")).isEmpty();
        assertThat(CommandIdRecovery.recover(List.of(), null, "k", codec, "t")).isEmpty();
    }
}
