package io.pbxbridge.bridge.demo;

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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
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
    static final double CALLS_PER_SECOND = 0.2;

    private final List<YeastarSimulator> yeastars = new ArrayList<>();
    private final List<PbxConfig> configs = new ArrayList<>();

    private DemoPbxes() {
    }

    public static Future<DemoPbxes> start(Vertx vertx) {
        DemoPbxes demo = new DemoPbxes();
        String password = randomHex(12);
        YeastarSimulatorOptions options = YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0)
                .apiVersion(YeastarApiVersion.V1_1_0)
                .username("api").password(password)
                .extensions(10, 1000)
                .build();
        return YeastarSimulator.start(vertx, options).map(sim -> {
            demo.yeastars.add(sim);
            demo.configs.add(new PbxConfig(YEASTAR_ID, YeastarConnector.ID, URI.create(sim.baseUrl()), "api",
                    Secret.of(password), YeastarApiVersion.V1_1_0.wire(), Secret.of(randomHex(16)), List.of("127.0.0.1"),
                    null, Duration.ofMinutes(5), ZoneId.systemDefault(), Map.of()));
            LOG.info("Simulated Yeastar S-Series PBX '{}' (API v{}) listening on {}", YEASTAR_ID,
                    YeastarApiVersion.V1_1_0.wire(), sim.baseUrl());
            return demo;
        });
    }

    /** PBX configurations pointing at the simulators. */
    public List<PbxConfig> pbxes() {
        return List.copyOf(configs);
    }

    /** Starts call traffic on every simulator (after the bridge has logged in). */
    public void startTraffic() {
        yeastars.forEach(s -> s.startTraffic(CALLS_PER_SECOND));
    }

    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        yeastars.forEach(s -> lines.add(YEASTAR_ID + ": simulated Yeastar S-Series at " + s.baseUrl()));
        return lines;
    }

    public Future<Void> stop() {
        List<Future<Void>> stops = new ArrayList<>();
        yeastars.forEach(s -> {
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
