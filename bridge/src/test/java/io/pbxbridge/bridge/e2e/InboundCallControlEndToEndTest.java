package io.pbxbridge.bridge.e2e;

import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.RecordedRequest;
import io.pbxbridge.connector.yeastar.sim.TrunkSpec;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Control Inbound Call Answering": the PBX asks (Invite), waits 10 seconds, and takes the call if
 * nobody answers. A downstream service reads the inbound-request event from Kafka and writes a
 * refuse-inbound command; the bridge must call the PBX with the right inbound handle well in time.
 */
@WithKafka
class InboundCallControlEndToEndTest {
    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        Await.result(vertx.close());
    }

    @ParameterizedTest
    @EnumSource(value = YeastarApiVersion.class, names = {"V1_1_0", "V2_0_0"})
    void aDownstreamServiceRefusesAnInboundCallThroughKafka(YeastarApiVersion version, KafkaBroker kafka) throws Exception {
        refuse(version, kafka, true);
    }

    /**
     * The command names the call by call_id only: the owning session resolves the inbound handle from
     * the events it followed on Kafka (the report may have reached any instance's ingress).
     */
    @org.junit.jupiter.api.Test
    void aCallIdIsEnoughOnceTheOwnerHasSeenTheInvite(KafkaBroker kafka) throws Exception {
        refuse(YeastarApiVersion.V2_0_0, kafka, false);
    }

    private void refuse(YeastarApiVersion version, KafkaBroker kafka, boolean withLegRef) throws Exception {
        YeastarSimulator sim = Await.result(YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0).apiVersion(version).username("api").password(YeastarEndToEndTest.PASSWORD)
                .trunks(List.of(TrunkSpec.sip("carrier").withInboundControl(true, false)))
                .reportRetryInterval(Duration.ofMillis(200)).build()));
        String pbxId = "front-desk";
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("inbound"),
                List.of(YeastarEndToEndTest.pbx(pbxId, sim, YeastarEndToEndTest.PASSWORD, "5m")), "");
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(new HashMap<>(kafka.clientConfig()),
                     new StringSerializer(), new ByteArraySerializer())) {
            Instant invited = Instant.now();
            String inboundId = Await.result(sim.startInboundCall("carrier", "0612345678", "1001"));

            // The downstream service: read the request, decide, answer with a command.
            CallEvent request = bridge.readUntil("call-events", CallEvent.class, Duration.ofSeconds(8),
                    rs -> rs.stream().anyMatch(e -> e.getType() == CallEventType.INBOUND_REQUEST)).stream()
                    .filter(e -> e.getType() == CallEventType.INBOUND_REQUEST).findFirst().orElseThrow();
            Party caller = request.getParties().stream().filter(p -> p.getKind() == PartyKind.EXTERNAL)
                    .findFirst().orElseThrow();
            assertThat(caller.getNumber()).isEqualTo("0612345678");
            String commandId = "refuse-" + UUID.randomUUID();
            Command refuse = Command.newBuilder()
                    .setCommandId(commandId).setPbxId(pbxId).setIssuedAt(Instant.now())
                    .setExpiresAt(invited.plusSeconds(10))
                    .setAction(CommandAction.REFUSE_INBOUND)
                    .setCall(CallTarget.newBuilder().setCallId(request.getCallId())
                            .setLegRef(withLegRef ? caller.getLegRef() : null).build())
                    .build();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(bridge.prefix + "commands", pbxId,
                    BridgeHarness.CODEC.encode(bridge.prefix + "commands", refuse));
            record.headers().add(CloudEventHeaders.ID, commandId.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();

            String endpoint = version == YeastarApiVersion.V2_0_0 ? "call/refuse_inbound" : "inbound/refuse";
            RecordedRequest received = Await.result(sim.awaitRequest(endpoint, Duration.ofSeconds(10)));
            Duration decision = Duration.between(invited, received.time());
            assertThat(decision).as("refuse reached the PBX within its 10 s window").isLessThan(Duration.ofSeconds(10));
            String handle = version == YeastarApiVersion.V2_0_0 ? "channelid" : "inboundid";
            assertThat(received.field(handle)).isEqualTo(caller.getLegRef());
            if (version != YeastarApiVersion.V2_0_0) {
                assertThat(caller.getLegRef()).isEqualTo(inboundId);
            }
            assertThat(received.succeeded()).as("the PBX accepted the refusal").isTrue();

            CommandResult result = bridge.readUntil("command-results", CommandResult.class, Duration.ofSeconds(10),
                    rs -> rs.stream().anyMatch(r -> r.getCommandId().equals(commandId))).stream()
                    .filter(r -> r.getCommandId().equals(commandId)).findFirst().orElseThrow();
            assertThat(result.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(result.getPbxId()).isEqualTo(pbxId);
            assertThat(result.getExecutedBy()).isEqualTo("e2e-bridge");
        } finally {
            Await.result(sim.stop());
        }
    }
}
