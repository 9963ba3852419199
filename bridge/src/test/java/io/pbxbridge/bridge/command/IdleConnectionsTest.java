package io.pbxbridge.bridge.command;

import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.SessionListener;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.yeastar.YeastarConnector;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.RecordedRequest;
import io.pbxbridge.connector.yeastar.sim.TrunkSpec;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.pbxbridge.schema.CommandStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code connection_idle_timeout} with the real Yeastar connector against the Yeastar simulator over loopback
 * sockets: below the keep-alive period the session's HTTP connection closes between keep-alives (the PBX sees
 * no connection open), yet the session stays up: every heartbeat on a new connection succeeds, nobody logs in
 * again, and a command still runs. Keep-alives more frequent than the timeout keep using one connection.
 */
class IdleConnectionsTest {
    private static final String PASSWORD = "sim-pass-1";

    private final Vertx vertx = Vertx.vertx();
    private YeastarSimulator sim;
    private PbxSession session;
    private int sinkPort;

    @BeforeEach
    void startPbx() {
        sim = Await.result(YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0).apiVersion(YeastarApiVersion.V1_1_0).username("api").password(PASSWORD)
                .extensions(4, 1000).trunks(List.of(TrunkSpec.sip("sip-trunk")))
                .callStepDelay(Duration.ofMillis(5)).talkTime(Duration.ofMillis(20)).build()));
        sinkPort = Await.result(vertx.createHttpServer()
                .requestHandler(r -> r.end().onComplete(x -> r.response().end()))
                .listen(0, "127.0.0.1")).actualPort();
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            Await.result(session.stop());
        }
        Await.result(vertx.close());
    }

    private PbxSession session(Map<String, String> options, Duration keepAlive) {
        PbxConnector yeastar = Connectors.find(YeastarConnector.ID).orElseThrow();
        PbxConfig pbx = new PbxConfig("office", YeastarConnector.ID, URI.create(sim.baseUrl()), "api",
                Secret.of(PASSWORD), "1.1.0", Secret.of("report-secret"), List.of(), null, keepAlive, null,
                yeastar.options().parse(options));
        session = yeastar.session(vertx, pbx, new SessionContext(records -> Future.succeededFuture(),
                SessionListener.NONE, new BridgeInfo("0.1.0-test", "i1"),
                URI.create("http://127.0.0.1:" + sinkPort + "/report/office")));
        Await.result(session.start());
        Await.until("session up", () -> session.state() == SessionState.UP);
        return session;
    }

    private List<RecordedRequest> heartbeats() {
        return sim.requestsTo("heartbeat");
    }

    @Test
    void anIdleSessionHoldsNoConnectionAndKeepsWorking() {
        PbxSession s = session(Map.of("connection_idle_timeout", "1s"), Duration.ofSeconds(3));
        Await.until("the idle connection closed after the login", () -> sim.openConnections() == 0);

        Await.until("two heartbeats", () -> heartbeats().size() >= 2);
        assertThat(heartbeats()).as("each heartbeat on a fresh connection succeeded").allMatch(RecordedRequest::succeeded);
        assertThat(sim.connectionsAccepted()).as("a new connection per keep-alive").isGreaterThanOrEqualTo(3);
        assertThat(sim.requestsTo("login")).as("the session never logged in again").hasSize(1);
        assertThat(s.state()).isEqualTo(SessionState.UP);
        Await.until("closed again between keep-alives", () -> sim.openConnections() == 0);

        CommandOutcome dial = Await.result(s.execute(TestCommands.dial("dial-1", "office", "1000", "5551234")));
        assertThat(dial.status()).as(dial.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(sim.requestsTo("extension/dial_outbound")).singleElement().satisfies(r ->
                assertThat(r.succeeded()).isTrue());
        assertThat(sim.requestsTo("login")).hasSize(1);
        Await.until("closed again after the command", () -> sim.openConnections() == 0);
    }

    @Test
    void keepAlivesMoreFrequentThanTheDefaultTimeoutReuseOneConnection() throws InterruptedException {
        session(Map.of(), Duration.ofMillis(500));
        Await.until("two heartbeats", () -> heartbeats().size() >= 2);
        Thread.sleep(300);
        assertThat(sim.openConnections()).as("one kept-alive connection").isEqualTo(1);
        assertThat(sim.connectionsAccepted()).as("login and heartbeats on one connection").isEqualTo(1);
    }

    @Test
    void zeroMeansANewConnectionPerRequest() {
        PbxSession s = session(Map.of("connection_idle_timeout", "0s"), Duration.ofMillis(300));
        Await.until("two heartbeats", () -> heartbeats().size() >= 2);
        assertThat(heartbeats()).allMatch(RecordedRequest::succeeded);
        Await.result(s.stop());
        session = null;
        Await.until("none open", () -> sim.openConnections() == 0);
        assertThat(sim.requestsTo("logout")).hasSize(1);
        assertThat(sim.connectionsAccepted()).as("one connection per request, the logout's included")
                .isEqualTo(sim.requests().size());
    }
}
