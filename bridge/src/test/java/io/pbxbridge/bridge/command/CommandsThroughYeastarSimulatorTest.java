package io.pbxbridge.bridge.command;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.session.SessionSupervisor;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.SessionListener;
import io.pbxbridge.connector.yeastar.YeastarConnector;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.RecordedRequest;
import io.pbxbridge.connector.yeastar.sim.TrunkSpec;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command pipeline with the real Yeastar connector against the Yeastar simulator (loopback HTTP)
 * and a real broker: the command reaches the simulated PBX as the right API request, once, and its
 * result comes back on the results topic.
 */
@WithKafka
class CommandsThroughYeastarSimulatorTest {
    private static final String PASSWORD = "sim-pass-1";

    private final Vertx vertx = Vertx.vertx();
    private CommandConsumer consumer;
    private KafkaRecordPublisher publisher;
    private CommandTopics topics;

    @AfterEach
    void tearDown() {
        if (consumer != null) {
            Await.result(consumer.stop());
        }
        if (publisher != null) {
            Await.result(publisher.close());
        }
        if (topics != null) {
            topics.close();
        }
        Await.result(vertx.close());
    }

    @Test
    void aDialReachesTheSimulatedPbxOnceAndItsResultIsPublished(KafkaBroker broker) {
        topics = new CommandTopics(broker, "yeastar-sim", 1);
        YeastarSimulator sim = Await.result(YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0).apiVersion(YeastarApiVersion.V1_1_0).username("api").password(PASSWORD)
                .extensions(4, 1000).trunks(List.of(TrunkSpec.sip("sip-trunk")))
                .callStepDelay(Duration.ofMillis(5)).talkTime(Duration.ofMillis(20)).build()));
        int sinkPort = Await.result(vertx.createHttpServer()
                .requestHandler(r -> r.end().onComplete(x -> r.response().end()))
                .listen(0, "127.0.0.1")).actualPort();
        BridgeInfo bridge = new BridgeInfo("0.1.0-test", "i1");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CommandSettings settings = topics.settings();
        publisher = new KafkaRecordPublisher(vertx, settings.kafkaConfig(), settings.topicPrefix(), topics.codec, registry);
        PbxConnector yeastar = Connectors.find(YeastarConnector.ID).orElseThrow();
        PbxConfig pbx = new PbxConfig("office", YeastarConnector.ID, URI.create(sim.baseUrl()), "api",
                Secret.of(PASSWORD), "1.1.0", Secret.of("report-secret"), List.of(), null, Duration.ofSeconds(30),
                null, null);
        SessionSupervisor supervisor = new SessionSupervisor(vertx, id -> yeastar.session(vertx, pbx,
                new SessionContext(publisher, SessionListener.NONE, bridge,
                        URI.create("http://127.0.0.1:" + sinkPort + "/report/office"))));
        consumer = new CommandConsumer(vertx, settings, List.of("office"), supervisor, publisher, topics.codec, bridge,
                registry);
        Await.result(consumer.start());

        topics.send(TestCommands.dial("dial-1", "office", "1000", "5551234"));
        topics.send(TestCommands.dial("dial-1", "office", "1000", "5551234"));

        Map<String, List<CommandResult>> results = topics.results(2).stream()
                .collect(Collectors.groupingBy(CommandResult::getCommandId));
        assertThat(results.get("dial-1")).extracting(CommandResult::getReplayed).containsExactly(false, true);
        assertThat(results.get("dial-1")).allSatisfy(r -> {
            assertThat(r.getStatus()).as(r.getReason()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(r.getExecutedBy()).isEqualTo("i1");
        });
        List<RecordedRequest> dials = sim.requestsTo("extension/dial_outbound");
        assertThat(dials).as("one request, the repeat was answered from the record").singleElement()
                .satisfies(d -> {
                    assertThat(d.field("extid")).isEqualTo("1000");
                    assertThat(d.field("outto")).isEqualTo("5551234");
                });
        assertThat(sim.requestsTo("login")).hasSize(1);
    }
}
