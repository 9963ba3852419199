package io.pbxbridge.bridge.e2e;

import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ConfigureAction;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of configuration commands for a Grandstream UCM, written to Kafka like any client would:
 * every change is saved in order and all of them take effect with ONE applyChanges; each command gets
 * its own result.
 */
@WithKafka
class UcmConfigurationEndToEndTest {
    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        Await.result(vertx.close());
    }

    private static Command configure(String id, ConfigEntity entity, ConfigOperation op, String entityId, String fields) {
        return Command.newBuilder().setCommandId(id).setPbxId("ucm").setIssuedAt(Instant.now())
                .setExpiresAt(Instant.now().plusSeconds(60)).setAction(CommandAction.CONFIGURE)
                .setConfigure(ConfigureAction.newBuilder().setEntity(entity).setOperation(op).setId(entityId)
                        .setFieldsJson(fields).build())
                .build();
    }

    @Test
    void aBurstOfChangesEndsInOneApply(KafkaBroker kafka, @TempDir Path state) throws Exception {
        UcmSimulator ucm = Await.result(UcmSimulator.start(vertx, new UcmSimulatorOptions().host("127.0.0.1").port(0)
                .apiUser("cdrapi", Secret.of("ucm-api-pw")).extensions(6, 1000)));
        BridgeHarness.Pbx pbx = new BridgeHarness.Pbx("ucm", "grandstream-ucm", ucm.scheme() + "://127.0.0.1:" + ucm.port(),
                "cdrapi", "ucm-api-pw", "1.0", "4m", Map.of("cdr_enabled", "false", "state_dir", state.toString()));
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("ucmcfg"),
                List.of(pbx), "");
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(new HashMap<>(kafka.clientConfig()),
                     new StringSerializer(), new ByteArraySerializer())) {
            List<Command> burst = List.of(
                    configure("cfg-1", ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1000", "{\"fullname\":\"Ann Example\"}"),
                    configure("cfg-2", ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1001", "{\"fullname\":\"Bob Example\"}"),
                    configure("cfg-3", ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6500", "{\"queue_name\":\"Helpdesk\"}"),
                    configure("cfg-4", ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1002", "{\"fullname\":\"Cy Example\"}"));
            for (Command c : burst) {
                producer.send(new ProducerRecord<>(bridge.prefix + "commands", "ucm",
                        BridgeHarness.CODEC.encode(bridge.prefix + "commands", c)));
            }
            producer.flush();
            Set<String> ids = burst.stream().map(Command::getCommandId).collect(Collectors.toSet());
            List<CommandResult> results = bridge.readUntil("command-results", CommandResult.class, Duration.ofSeconds(30),
                    rs -> rs.stream().map(CommandResult::getCommandId).collect(Collectors.toSet()).containsAll(ids));
            assertThat(results).filteredOn(r -> ids.contains(r.getCommandId()))
                    .allSatisfy(r -> assertThat(r.getStatus()).as(r.getReason()).isEqualTo(CommandStatus.SUCCEEDED))
                    .hasSize(burst.size());
            assertThat(ucm.requestsFor("applyChanges")).as("one apply for the whole burst").hasSize(1);
            assertThat(ucm.pendingChanges()).isZero();
            assertThat(ucm.requestsFor("updateSIPAccount")).extracting(r -> r.params().getString("extension"))
                    .as("saved in the order they were sent").containsExactly("1000", "1001", "1002");
        } finally {
            Await.result(ucm.stop());
        }
    }
}
