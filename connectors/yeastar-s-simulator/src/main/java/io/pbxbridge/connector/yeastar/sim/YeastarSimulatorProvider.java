package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.spi.sim.DemoPbx;
import io.pbxbridge.connector.spi.sim.FleetMember;
import io.pbxbridge.connector.spi.sim.FleetMemberSpec;
import io.pbxbridge.connector.spi.sim.PbxSimulator;
import io.pbxbridge.connector.spi.sim.Simulators;
import io.pbxbridge.connector.yeastar.YeastarConnector;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Yeastar S-Series simulator as the bridge's demo and {@code simulate} command see it (ServiceLoader). */
public final class YeastarSimulatorProvider implements PbxSimulator {
    static final String DEMO_ID = "demo-yeastar";
    private static final YeastarApiVersion DEMO_VERSION = YeastarApiVersion.V1_1_0;

    @Override
    public String vendorId() {
        return YeastarConnector.ID;
    }

    @Override
    public String description() {
        return "Yeastar S-Series API simulator (v1.0.0, v1.1.0, v2.0.0); --help lists its options.";
    }

    @Override
    public void runStandalone(String[] args) throws Exception {
        YeastarSimulatorMain.main(args);
    }

    @Override
    public Future<DemoPbx> startDemo(Vertx vertx, Path stateDir) {
        String password = Simulators.randomSecret(12);
        YeastarSimulatorOptions options = YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0)
                .apiVersion(DEMO_VERSION)
                .username("api").password(password)
                .extensions(10, 1000)
                .build();
        return YeastarSimulator.start(vertx, options).map(sim -> new Demo(sim, Map.of(
                "id", DEMO_ID, "vendor", YeastarConnector.ID, "api_url", sim.baseUrl(),
                "username", "api", "password", password, "api_version", DEMO_VERSION.wire(),
                "report_secret", Simulators.randomSecret(16), "allowed_source_ips", List.of("127.0.0.1"),
                "keep_alive", "5m")));
    }

    @Override
    public FleetMember fleetMember(Vertx vertx, FleetMemberSpec spec) {
        return new YeastarFleetMember(vertx, spec);
    }

    private record Demo(YeastarSimulator sim, Map<String, Object> configEntry) implements DemoPbx {
        @Override
        public void startTraffic(double callsPerSecond) {
            sim.startTraffic(callsPerSecond);
        }

        @Override
        public String describe() {
            return DEMO_ID + ": simulated Yeastar S-Series (API v" + DEMO_VERSION.wire() + ") at " + sim.baseUrl();
        }

        @Override
        public Future<Void> stop() {
            sim.stopTraffic();
            return sim.stop();
        }
    }
}
