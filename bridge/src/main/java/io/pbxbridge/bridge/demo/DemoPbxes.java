package io.pbxbridge.bridge.demo;

import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.sim.DemoPbx;
import io.pbxbridge.connector.spi.sim.PbxSimulator;
import io.pbxbridge.connector.spi.sim.Simulators;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Simulated PBXes for running the bridge with no configuration: one per simulator on the class path
 * ({@link Simulators}), listening on loopback and configured exactly like real ones (their entries go
 * through the configuration loader), so the bridge logs into them over real sockets. Credentials and
 * report secrets are random per run.
 */
public final class DemoPbxes {
    private static final Logger LOG = LoggerFactory.getLogger(DemoPbxes.class);
    static final double CALLS_PER_SECOND = 0.2;

    private final List<DemoPbx> running = new ArrayList<>();
    private List<PbxConfig> configs = List.of();

    private DemoPbxes() {
    }

    /** @param stateDir where connectors keep state between runs (the UCM CDR checkpoint) */
    public static Future<DemoPbxes> start(Vertx vertx, Path stateDir) {
        DemoPbxes demo = new DemoPbxes();
        Future<Void> started = Future.succeededFuture();
        for (PbxSimulator simulator : Simulators.all()) {
            started = started.compose(v -> simulator.startDemo(vertx, stateDir)).map(pbx -> {
                demo.running.add(pbx);
                LOG.info("Started {}", pbx.describe());
                return null;
            });
        }
        return started.map(v -> {
            List<Map<String, Object>> entries = demo.running.stream().map(DemoPbx::configEntry).toList();
            demo.configs = ConfigLoader.pbxEntries(entries);
            return demo;
        }).recover(e -> demo.stop().compose(x -> Future.failedFuture(e)));
    }

    /** PBX configurations pointing at the simulators. */
    public List<PbxConfig> pbxes() {
        return configs;
    }

    /** Starts call traffic on every simulator (after the bridge has logged in). */
    public void startTraffic() {
        running.forEach(s -> s.startTraffic(CALLS_PER_SECOND));
    }

    public List<String> describe() {
        return running.stream().map(DemoPbx::describe).toList();
    }

    public Future<Void> stop() {
        return Future.all(running.stream().map(DemoPbx::stop).toList()).mapEmpty();
    }
}
