package io.pbxbridge.connector.grandstream.sim;

import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.sim.DemoPbx;
import io.pbxbridge.connector.spi.sim.PbxSimulator;
import io.pbxbridge.connector.spi.sim.Simulators;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The UCM simulator as the bridge's demo and {@code simulate} command see it (ServiceLoader). */
public final class UcmSimulatorProvider implements PbxSimulator {
    /** The connector id; a literal because this module does not depend on the connector (see README). */
    static final String VENDOR_ID = "grandstream-ucm";
    static final String DEMO_ID = "demo-ucm";

    @Override
    public String vendorId() {
        return VENDOR_ID;
    }

    @Override
    public String description() {
        return "Grandstream UCM630X / FIBERME FCM630A API and WebSocket simulator; --help lists its options.";
    }

    @Override
    public void runStandalone(String[] args) throws Exception {
        UcmSimulatorMain.main(args);
    }

    /** Call Control off and a web user configured: live events come over the WebSocket, CDRs every 10 s. */
    @Override
    public Future<DemoPbx> startDemo(Vertx vertx, Path stateDir) {
        String apiPassword = Simulators.randomSecret(12);
        String webPassword = Simulators.randomSecret(12);
        UcmSimulatorOptions options = new UcmSimulatorOptions()
                .host("127.0.0.1").port(0).model(UcmModel.UCM6304)
                .apiUser("cdrapi", Secret.of(apiPassword))
                .webUser("admin", Secret.of(webPassword))
                .extensions(10, 2000)
                .callControl(false);
        return UcmSimulator.start(vertx, options).map(sim -> {
            String url = sim.scheme() + "://127.0.0.1:" + sim.port();
            // The simulated UCM prints its times (alloc_time, CDR start/end) in UTC.
            return new Demo(sim, url, Map.ofEntries(Map.entry("id", DEMO_ID), Map.entry("vendor", VENDOR_ID),
                    Map.entry("api_url", url), Map.entry("username", "cdrapi"), Map.entry("password", apiPassword),
                    Map.entry("api_version", "1.0"), Map.entry("report_secret", Simulators.randomSecret(16)),
                    Map.entry("allowed_source_ips", List.of("127.0.0.1")), Map.entry("keep_alive", "4m"),
                    Map.entry("time_zone", "UTC"),
                    Map.entry("options", Map.of("ws_username", "admin", "ws_password", webPassword,
                            "call_control", "false", "cdr_poll_interval", "10s", "state_dir", stateDir.toString()))));
        });
    }

    @Override
    public io.pbxbridge.connector.spi.sim.FleetMember fleetMember(Vertx vertx,
                                                                  io.pbxbridge.connector.spi.sim.FleetMemberSpec spec) {
        return new UcmFleetMember(vertx, spec);
    }

    private record Demo(UcmSimulator sim, String url, Map<String, Object> configEntry) implements DemoPbx {
        @Override
        public void startTraffic(double callsPerSecond) {
            sim.startTraffic(callsPerSecond);
        }

        @Override
        public String describe() {
            return DEMO_ID + ": simulated Grandstream " + sim.model() + " at " + url;
        }

        @Override
        public Future<Void> stop() {
            sim.stopTraffic();
            return sim.stop();
        }
    }
}
