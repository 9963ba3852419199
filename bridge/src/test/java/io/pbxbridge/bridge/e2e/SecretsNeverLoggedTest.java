package io.pbxbridge.bridge.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.grandstream.sim.CallScenario;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.Scenario;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs both vendors end to end — logins, re-logins after token/cookie loss, reports, WebSocket — with
 * every log line captured at DEBUG, then looks for the configured passwords (clear and hashed) and
 * report secrets in the logs. None may appear.
 */
@WithKafka
class SecretsNeverLoggedTest {
    private static final String YEASTAR_PASSWORD = "Yeastar-Pa55-wOrd-e2e";
    private static final String UCM_API_PASSWORD = "Ucm-Api-Pa55-wOrd";
    private static final String UCM_WEB_PASSWORD = "Ucm-Web-Pa55-wOrd";

    @Test
    void noPasswordOrReportSecretReachesTheLogs(KafkaBroker kafka, @TempDir Path state) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger pbxbridge = context.getLogger("io.pbxbridge");
        ch.qos.logback.classic.Level previous = pbxbridge.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        pbxbridge.setLevel(ch.qos.logback.classic.Level.DEBUG);
        Vertx vertx = Vertx.vertx();
        try {
            YeastarSimulator yeastar = Await.result(YeastarSimulator.start(vertx,
                    io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions.builder().host("127.0.0.1").port(0)
                            .apiVersion(YeastarApiVersion.V1_1_0).username("api").password(YEASTAR_PASSWORD)
                            .callStepDelay(Duration.ofMillis(5)).talkTime(Duration.ofMillis(20)).build()));
            UcmSimulator ucm = Await.result(UcmSimulator.start(vertx, new UcmSimulatorOptions().host("127.0.0.1").port(0)
                    .apiUser("cdrapi", Secret.of(UCM_API_PASSWORD)).webUser("admin", Secret.of(UCM_WEB_PASSWORD))
                    .callControl(false).stepDelay(Duration.ofMillis(20)).talkTime(Duration.ofMillis(50))));
            List<BridgeHarness.Pbx> pbxes = List.of(
                    new BridgeHarness.Pbx("y", "yeastar-s", yeastar.baseUrl(), "api", YEASTAR_PASSWORD, "1.1.0", "300ms",
                            Map.of()),
                    new BridgeHarness.Pbx("u", "grandstream-ucm", ucm.scheme() + "://127.0.0.1:" + ucm.port(), "cdrapi",
                            UCM_API_PASSWORD, "1.0", "4m", Map.of("ws_username", "admin", "ws_password", UCM_WEB_PASSWORD,
                                    "call_control", "false", "cdr_poll_interval", "500ms", "state_dir", state.toString())));
            try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("secrets"),
                    pbxes, "")) {
                Await.until("UCM WebSocket subscribed", () -> ucm.webSocketSessions() == 1);
                Await.result(yeastar.runScenario(Scenario.INBOUND));
                yeastar.faults().expireTokens();
                ucm.invalidateCookies();
                // A PBX sends no reports while no token is valid: wait for the bridge's new login first.
                bridge.readUntil("system", PbxEvent.class, Duration.ofSeconds(30),
                        rs -> rs.stream().anyMatch(e -> e.getType() == PbxEventType.RELOGIN
                                && e.getHeader().getPbxId().equals("y")));
                Await.result(yeastar.runScenario(Scenario.OUTBOUND));
                Await.result(ucm.runScenario(CallScenario.INTERNAL));
                bridge.readUntil("cdr", CallRecord.class, Duration.ofSeconds(30), rs -> rs.size() >= 3);
            } finally {
                Await.result(yeastar.stop());
                Await.result(ucm.stop());
            }
        } finally {
            root.detachAppender(captured);
            pbxbridge.setLevel(previous);
            Await.result(vertx.close());
        }
        String logs = captured.list.stream().map(e -> e.getFormattedMessage() + " "
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
        assertThat(captured.list).as("the run logged something").hasSizeGreaterThan(10);
        assertThat(logs).contains("logged in"); // the logs are the ones of the run above
        for (String secret : List.of(YEASTAR_PASSWORD, md5(YEASTAR_PASSWORD), UCM_API_PASSWORD, UCM_WEB_PASSWORD,
                "s3cr3t-report-path-y", "s3cr3t-report-path-u")) {
            assertThat(logs).as("logs must not contain a secret").doesNotContain(secret);
        }
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
