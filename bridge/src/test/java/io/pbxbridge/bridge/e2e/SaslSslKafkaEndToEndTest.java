package io.pbxbridge.bridge.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pbxbridge.bridge.cli.Main;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.SaslSslKafka;
import io.pbxbridge.bridge.testkit.TestConsumer;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.Scenario;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.QueryAction;
import io.pbxbridge.schema.QuerySubject;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code kafka.security} settings proven against a real SASL_SSL broker (SCRAM-SHA-512 over TLS
 * with a per-run self-signed certificate), not only passed through: the bridge provisions its topics,
 * publishes a PBX's reports and executes a command through it; with a wrong password it refuses to
 * start with a message that names the cause and does not contain the password.
 */
class SaslSslKafkaEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "Kafka-" + UUID.randomUUID();
    private static SaslSslKafka kafka;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        kafka = SaslSslKafka.start(PASSWORD);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        Await.result(vertx.close());
        kafka.close();
    }

    private static String security(String password) {
        return """
                  security:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                    sasl.jaas.config: '%s'
                    ssl.truststore.type: PEM
                    ssl.truststore.location: "%s"
                """.formatted(SaslSslKafka.jaas(password), kafka.caCertificate());
    }

    @Test
    void theBridgePublishesReportsAndExecutesCommandsThroughASaslSslBroker() throws Exception {
        YeastarSimulator sim = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V2_0_0);
        String prefix = "sasl.";
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), prefix,
                List.of(YeastarEndToEndTest.pbx("secure-pbx", sim, YeastarEndToEndTest.PASSWORD, "5m")), security(PASSWORD))) {
            TestConsumer consumer = new TestConsumer(kafka.clientConfig(PASSWORD));
            String callId = Await.result(sim.runScenario(Scenario.INTERNAL), WAIT).callId();
            List<CallEvent> events = BridgeHarness.decodeAll(consumer.readUntil(prefix + "call-events", WAIT,
                    rs -> BridgeHarness.decodeAll(rs, CallEvent.class).stream().anyMatch(e -> e.getCallId().equals(callId))),
                    CallEvent.class);
            assertThat(events).anySatisfy(e -> assertThat(e.getCallId()).isEqualTo(callId));

            String commandId = "sasl-" + UUID.randomUUID();
            Command query = Command.newBuilder().setCommandId(commandId).setPbxId("secure-pbx").setIssuedAt(Instant.now())
                    .setAction(CommandAction.QUERY)
                    .setQuery(QueryAction.newBuilder().setSubject(QuerySubject.EXTENSIONS).build()).build();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(PASSWORD),
                    new StringSerializer(), new ByteArraySerializer())) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(prefix + "commands", "secure-pbx",
                        BridgeHarness.CODEC.encode(prefix + "commands", query));
                record.headers().add(CloudEventHeaders.ID, commandId.getBytes(StandardCharsets.UTF_8));
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
            List<ConsumedRecord> results = consumer.readUntil(prefix + "command-results", WAIT,
                    rs -> BridgeHarness.decodeAll(rs, CommandResult.class).stream().anyMatch(r -> r.getCommandId().equals(commandId)));
            CommandResult result = BridgeHarness.decodeAll(results, CommandResult.class).stream()
                    .filter(r -> r.getCommandId().equals(commandId)).findFirst().orElseThrow();
            assertThat(result.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(sim.requestsTo("extension/list")).as("the PBX was asked").isNotEmpty();
        } finally {
            Await.result(sim.stop());
        }
    }

    @Test
    void aWrongPasswordFailsTheStartClearlyWithoutLeakingThePassword() throws Exception {
        String wrong = "Wrong-" + UUID.randomUUID();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.setContext(context);
        logs.start();
        root.addAppender(logs);
        String yaml = """
                instance_id: wrong-password
                kafka:
                  bootstrap_servers: "%s"
                  topic_prefix: "sasl.wrong."
                %s
                ingress: {host: 127.0.0.1, port: 0, public_base_url: "http://127.0.0.1:0"}
                management: {host: 127.0.0.1, port: 0}
                pbxes:
                  - {id: hq, vendor: yeastar-s, api_url: "http://127.0.0.1:9", username: api, password: pw,
                     api_version: 2.0.0, report_secret: 0123456789abcdef}
                """.formatted(kafka.bootstrapServers(), security(wrong));
        Path file = Files.createTempFile("wrong-password", ".yaml");
        Files.writeString(file, yaml);
        StringWriter stderr = new StringWriter();
        long started = System.nanoTime();
        int exit;
        try {
            // The real command line, as an operator runs it.
            exit = Main.commandLine().setErr(new PrintWriter(stderr)).execute("run", "--config", file.toString());
        } finally {
            root.detachAppender(logs);
            Files.deleteIfExists(file);
        }
        assertThat(exit).isEqualTo(1);
        assertThat(stderr.toString().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("pbx-bridge: ").containsIgnoringCase("authentication failed").doesNotContain(wrong));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast, no retry loop").isLessThan(WAIT);
        assertThat(logs.list).isNotEmpty().noneSatisfy(e -> assertThat(e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).contains(wrong));
    }
}
