package io.pbxbridge.bridge.session;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.LoginThrottle;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.spi.sim.InProgressCounter;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.RecordedRequest;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login storm against the PBX simulators, counted on the PBX side: many sessions of one bridge started
 * at once (as at start or after a hand-over) never have more than {@code sessions.max_concurrent_logins}
 * logins in progress at the PBX, and all of them come up. Each simulator answers slowly, so logins
 * overlap unless something holds them back — the unthrottled run shows they do.
 */
class ConcurrentLoginsTest {
    private static final int SESSIONS = 20;
    private static final int BOUND = 3;
    private static final Duration SLOW = Duration.ofMillis(150);

    private final Vertx vertx = Vertx.vertx();
    private final List<SessionSupervisor> supervisors = new ArrayList<>();
    /** Stopped after the sessions, which log out. */
    private final List<Supplier<Future<Void>>> simulators = new ArrayList<>();

    @AfterEach
    void tearDown() {
        supervisors.forEach(s -> Await.result(s.stopAll()));
        simulators.forEach(stop -> Await.result(stop.get()));
        Await.result(vertx.close());
    }

    @Test
    void yeastarSessionsNeverLogInMoreThanTheBoundAtOnce() {
        YeastarSimulator sim = yeastar(YeastarApiVersion.V2_0_0, "pw-1");
        sim.faults().slowResponses(SLOW);
        List<PbxConfig> pbxes = pbxes("yeastar-s", sim.baseUrl(), "pw-1", "2.0.0", Map.of());

        storm(pbxes, new LoginThrottle(BOUND, Duration.ZERO));
        assertThat(sim.logins().peak()).as("logins in progress at the PBX at once").isEqualTo(BOUND);

        InProgressCounter logins = sim.logins();
        logins.resetPeak();
        storm(pbxes(pbxes, "again-"), LoginThrottle.unlimited());
        assertThat(logins.peak()).as("without the throttle the same storm overlaps").isGreaterThan(BOUND);
    }

    @Test
    void grandstreamSessionsNeverLogInMoreThanTheBoundAtOnce() {
        // One simulated UCM per session, as in a fleet (a UCM's challenge is per user: one user logging in
        // twice at once fails one of them), all counting their logins in one counter.
        InProgressCounter logins = new InProgressCounter();
        List<PbxConfig> pbxes = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            UcmSimulator sim = Await.result(UcmSimulator.start(vertx, new UcmSimulatorOptions().host("127.0.0.1").port(0)
                    .apiUser("cdrapi", Secret.of("ucm-pw-1")).logins(logins)));
            simulators.add(sim::stop);
            sim.slowResponses(SLOW);
            pbxes.add(pbx("grandstream-ucm-" + i, "grandstream-ucm", "http://127.0.0.1:" + sim.port(), "cdrapi",
                    "ucm-pw-1", "1.0", Map.of("cdr_enabled", "false")));
        }

        storm(pbxes, new LoginThrottle(BOUND, Duration.ZERO));
        assertThat(logins.peak()).as("login requests in progress at the PBXes at once").isEqualTo(BOUND);

        logins.resetPeak();
        storm(pbxes(pbxes, "again-"), LoginThrottle.unlimited());
        assertThat(logins.peak()).as("without the throttle the same storm overlaps").isGreaterThan(BOUND);
    }

    @Test
    void aCrowdStartingTogetherHasItsFirstLoginsSpreadOverTheJitterAndComesUp() {
        YeastarSimulator sim = yeastar(YeastarApiVersion.V1_1_0, "pw-2");
        List<PbxConfig> pbxes = pbxes("yeastar-s", sim.baseUrl(), "pw-2", "1.1.0", Map.of());

        SessionSupervisor supervisor = storm(pbxes, new LoginThrottle(BOUND, Duration.ofMillis(800)));

        assertThat(pbxes).allSatisfy(p -> assertThat(supervisor.session(p.id()).orElseThrow().state())
                .isEqualTo(SessionState.UP));
        List<Instant> logins = sim.requestsTo("login").stream().map(RecordedRequest::time).sorted().toList();
        assertThat(logins).hasSize(SESSIONS);
        // 17 first logins at random times within 800 ms: all within 300 ms of each other has odds of ~1e-6.
        assertThat(Duration.between(logins.get(0), logins.get(SESSIONS - 1))).as("first logins spread")
                .isGreaterThan(Duration.ofMillis(300));
    }

    private YeastarSimulator yeastar(YeastarApiVersion version, String password) {
        YeastarSimulator sim = Await.result(YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0).apiVersion(version).username("api").password(password)
                .extensions(2, 1000).build()));
        simulators.add(sim::stop);
        return sim;
    }

    /** Starts a session for each PBX through the bridge's fleet and supervisor; waits until all are up. */
    private SessionSupervisor storm(List<PbxConfig> pbxes, LoginThrottle logins) {
        PbxFleet fleet = new PbxFleet(vertx, pbxes, records -> Future.succeededFuture(), new BridgeInfo("test", "i1"),
                new SessionMetrics(new SimpleMeterRegistry()), logins);
        fleet.reportBaseUrl(URI.create("http://127.0.0.1:9"));
        SessionSupervisor supervisor = new SessionSupervisor(vertx, fleet::newSession);
        supervisors.add(supervisor);
        pbxes.forEach(p -> supervisor.start(p.id()));
        Await.until("all " + pbxes.size() + " sessions up", () -> pbxes.stream().allMatch(p ->
                supervisor.session(p.id()).map(s -> s.state() == SessionState.UP).orElse(false)));
        assertThat(logins.peakInFlight()).isLessThanOrEqualTo(logins.maxConcurrent());
        return supervisor;
    }

    /** {@link #SESSIONS} PBXes behind one simulator. */
    private static List<PbxConfig> pbxes(String vendor, String apiUrl, String password, String apiVersion,
                                         Map<String, String> options) {
        List<PbxConfig> list = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            list.add(pbx(vendor + "-" + i, vendor, apiUrl, "api", password, apiVersion, options));
        }
        return list;
    }

    private static PbxConfig pbx(String id, String vendor, String apiUrl, String user, String password, String apiVersion,
                                 Map<String, String> options) {
        return new PbxConfig(id, vendor, URI.create(apiUrl), user, Secret.of(password), apiVersion,
                Secret.of("report-secret-0123456789"), List.of(), null, Duration.ofMinutes(5), null,
                Connectors.find(vendor).orElseThrow().options().parse(options));
    }

    /** The same PBXes under other ids (a second fleet in the same test). */
    private static List<PbxConfig> pbxes(List<PbxConfig> pbxes, String prefix) {
        return pbxes.stream().map(p -> new PbxConfig(prefix + p.id(), p.vendor(), p.apiUrl(), p.username(), p.password(),
                p.apiVersion(), p.reportSecret(), p.allowedSourceIps(), p.tls(), p.keepAlive(), p.timeZone(),
                p.options())).toList();
    }
}
