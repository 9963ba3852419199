package io.pbxbridge.bridge.session;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.LoginThrottle;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions spread over every event loop. Each session once took two steps of Vert.x's event-loop round robin (its
 * HTTP client, created outside its context, and its deployment), so with an even number of loops every session
 * landed on every other loop, half of them on the loop of whoever started them (the command consumer's).
 */
class SessionPlacementTest {
    private static final int LOOPS = 4;
    private static final int SESSIONS = 40;

    private final Vertx simulatorVertx = Vertx.vertx();
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
    private SessionSupervisor supervisor;

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            Await.result(supervisor.stopAll());
        }
        Await.result(vertx.close());
        Await.result(simulatorVertx.close());
    }

    @Test
    void sessionsStartedFromOneContextSpreadOverEveryEventLoop() {
        YeastarSimulator sim = Await.result(YeastarSimulator.start(simulatorVertx, YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0).apiVersion(YeastarApiVersion.V2_0_0).username("api").password("pw")
                .extensions(2, 1000).build()));
        List<PbxConfig> pbxes = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            pbxes.add(new PbxConfig("yeastar-" + i, "yeastar-s", URI.create(sim.baseUrl()), "api", Secret.of("pw"),
                    "2.0.0", Secret.of("report-secret-0123456789"), List.of(), null, Duration.ofMinutes(5), null,
                    Connectors.find("yeastar-s").orElseThrow().options().parse(Map.of())));
        }
        PbxFleet fleet = new PbxFleet(vertx, pbxes, records -> Future.succeededFuture(), new BridgeInfo("test", "i1"),
                new SessionMetrics(new SimpleMeterRegistry()), LoginThrottle.unlimited());
        fleet.reportBaseUrl(URI.create("http://127.0.0.1:9"));
        supervisor = new SessionSupervisor(vertx, fleet::newSession);

        // As the command consumer does: every session started from one context of its own.
        Context owner = vertx.getOrCreateContext();
        Promise<Void> started = Promise.promise();
        owner.runOnContext(v -> Future.all(pbxes.stream().map(p -> supervisor.start(p.id())).toList())
                .<Void>mapEmpty().onComplete(started));
        Await.result(started.future());
        Await.until("all sessions up", () -> pbxes.stream().allMatch(p ->
                supervisor.session(p.id()).map(s -> s.state() == SessionState.UP).orElse(false)));

        Map<String, Integer> perLoop = new TreeMap<>();
        for (PbxConfig pbx : pbxes) {
            perLoop.merge(threadOf(supervisor.context(pbx.id()).orElseThrow()), 1, Integer::sum);
        }
        // Round robin gives each loop 10; another step taken meanwhile (Vert.x internals) may shift a few. The old
        // placement put 20 on each of two loops.
        assertThat(perLoop).as("sessions per event loop").hasSize(LOOPS);
        assertThat(perLoop.values()).as("sessions per event loop: %s", perLoop).allMatch(n -> n <= 15);
    }

    private static String threadOf(Context context) {
        Promise<String> name = Promise.promise();
        context.runOnContext(v -> name.complete(Thread.currentThread().getName()));
        return Await.result(name.future());
    }
}
