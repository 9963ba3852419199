package io.pbxbridge.bridge.demo;

import io.pbxbridge.connector.grandstream.UcmConnector;
import io.pbxbridge.connector.grandstream.sim.UcmModel;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.yeastar.YeastarConnector;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Simulated PBXes for running the bridge with no configuration: they listen on loopback and are
 * configured exactly like real ones, so the bridge logs into them over real sockets. Credentials and
 * report secrets are random per run.
 */
public final class DemoPbxes {
    private static final Logger LOG = LoggerFactory.getLogger(DemoPbxes.class);
    public static final String YEASTAR_ID = "demo-yeastar";
    public static final String UCM_ID = "demo-ucm";
    static final double CALLS_PER_SECOND = 0.2;

    private final List<YeastarSimulator> yeastars = new ArrayList<>();
    private final List<UcmSimulator> ucms = new ArrayList<>();
    private final List<PbxConfig> configs = new ArrayList<>();

    private DemoPbxes() {
    }

    /** @param stateDir where the UCM connector keeps its CDR checkpoint */
    public static Future<DemoPbxes> start(Vertx vertx, Path stateDir) {
        DemoPbxes demo = new DemoPbxes();
        return demo.startYeastar(vertx).compose(v -> demo.startUcm(vertx, stateDir)).map(v -> demo)
                .recover(e -> demo.stop().compose(x -> Future.failedFuture(e)));
    }

    private Future<Void> startYeastar(Vertx vertx) {
        String password = randomHex(12);
        YeastarSimulatorOptions options = YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0)
                .apiVersion(YeastarApiVersion.V1_1_0)
                .username("api").password(password)
                .extensions(10, 1000)
                .build();
        return YeastarSimulator.start(vertx, options).map(sim -> {
            yeastars.add(sim);
            configs.add(new PbxConfig(YEASTAR_ID, YeastarConnector.ID, URI.create(sim.baseUrl()), "api",
                    Secret.of(password), YeastarApiVersion.V1_1_0.wire(), Secret.of(randomHex(16)), List.of("127.0.0.1"),
                    null, Duration.ofMinutes(5), ZoneId.systemDefault(), Map.of()));
            LOG.info("Simulated Yeastar S-Series PBX '{}' (API v{}) listening on {}", YEASTAR_ID,
                    YeastarApiVersion.V1_1_0.wire(), sim.baseUrl());
            return null;
        });
    }

    private Future<Void> startUcm(Vertx vertx, Path stateDir) {
        String apiPassword = randomHex(12);
        String webPassword = randomHex(12);
        UcmSimulatorOptions options = new UcmSimulatorOptions()
                .host("127.0.0.1").port(0).model(UcmModel.UCM6304)
                .apiUser("cdrapi", Secret.of(apiPassword))
                .webUser("admin", Secret.of(webPassword))
                .extensions(10, 2000)
                .callControl(false);
        return UcmSimulator.start(vertx, options).map(sim -> {
            ucms.add(sim);
            String url = sim.scheme() + "://127.0.0.1:" + sim.port();
            // The simulated UCM prints its times (alloc_time, CDR start/end) in UTC.
            configs.add(new PbxConfig(UCM_ID, UcmConnector.ID, URI.create(url), "cdrapi", Secret.of(apiPassword),
                    "1.0", Secret.of(randomHex(16)), List.of("127.0.0.1"), null, Duration.ofMinutes(4),
                    ZoneOffset.UTC, Map.of("ws_username", "admin", "ws_password", webPassword,
                            "call_control", "false", "cdr_poll_interval", "10s",
                            "state_dir", stateDir.toString())));
            LOG.info("Simulated Grandstream UCM6304 '{}' listening on {}", UCM_ID, url);
            return null;
        });
    }

    /** PBX configurations pointing at the simulators. */
    public List<PbxConfig> pbxes() {
        return List.copyOf(configs);
    }

    /** Starts call traffic on every simulator (after the bridge has logged in). */
    public void startTraffic() {
        yeastars.forEach(s -> s.startTraffic(CALLS_PER_SECOND));
        ucms.forEach(s -> s.startTraffic(CALLS_PER_SECOND));
    }

    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        yeastars.forEach(s -> lines.add(YEASTAR_ID + ": simulated Yeastar S-Series at " + s.baseUrl()));
        ucms.forEach(s -> lines.add(UCM_ID + ": simulated Grandstream " + s.model() + " at " + s.scheme()
                + "://127.0.0.1:" + s.port()));
        return lines;
    }

    public Future<Void> stop() {
        List<Future<Void>> stops = new ArrayList<>();
        yeastars.forEach(s -> {
            s.stopTraffic();
            stops.add(s.stop());
        });
        ucms.forEach(s -> {
            s.stopTraffic();
            stops.add(s.stop());
        });
        return Future.all(stops).mapEmpty();
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
