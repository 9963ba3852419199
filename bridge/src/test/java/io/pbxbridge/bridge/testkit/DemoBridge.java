package io.pbxbridge.bridge.testkit;

import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo setup (what {@code java -jar pbx-bridge.jar} runs without a config: embedded Kafka, both
 * simulated PBXes placing calls) on loopback with free ports, for tests that look at it from outside.
 */
public final class DemoBridge {
    /** The demo PBXes (their simulators name them so). */
    public static final String YEASTAR_ID = "demo-yeastar";
    public static final String UCM_ID = "demo-ucm";

    private DemoBridge() {
    }

    /** Starts the demo (per-PBX series, as {@code java -jar} runs it); Kafka's data goes under {@code dir}. */
    public static BridgeApplication start(String instanceId, Path dir) throws Exception {
        return start(instanceId, dir, true);
    }

    /** Starts the demo with per-PBX series or with the default, fleet-level ones; Kafka's data goes under {@code dir}. */
    public static BridgeApplication start(String instanceId, Path dir, boolean perPbxMetrics) throws Exception {
        int kafkaPort;
        try (ServerSocket s = new ServerSocket(0)) {
            kafkaPort = s.getLocalPort();
        }
        BridgeApplication app = new BridgeApplication(ConfigLoader.parse("""
                instance_id: %s
                kafka: {embedded: {port: %d, data_dir: "%s"}}
                ingress: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                """.formatted(instanceId, kafkaPort, dir.resolve("kafka")), Map.of()), true, perPbxMetrics);
        app.start().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        return app;
    }

    /** Produces a HANGUP of an extension the simulated Yeastar does not have: its result is a PBX error. */
    public static void sendHangupOfUnknownExtension(BridgeApplication app, String commandId) throws Exception {
        Command hangup = Command.newBuilder().setCommandId(commandId).setPbxId(YEASTAR_ID)
                .setIssuedAt(Instant.now()).setExpiresAt(Instant.now().plusSeconds(30))
                .setAction(CommandAction.HANGUP)
                .setCall(CallTarget.newBuilder().setExtension("1999").build())
                .build();
        String topic = app.kafka().topic(BridgeTopic.COMMANDS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.kafkaBootstrap()), new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, YEASTAR_ID,
                    app.kafka().codec().encode(topic, hangup));
            record.headers().add(CloudEventHeaders.ID, commandId.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(10, TimeUnit.SECONDS);
        }
    }
}
