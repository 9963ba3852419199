package io.pbxbridge.connector.grandstream.sim;

import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.sim.FleetMember;
import io.pbxbridge.connector.spi.sim.FleetMemberSpec;
import io.pbxbridge.connector.spi.sim.FleetMemberStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Grandstream UCM of a fleet: an embedded {@link UcmSimulator} (no server of its own, login-url pushes
 * through the fleet's shared client, a short request log) with its own API user and its own web user for the
 * event WebSocket. A UCM hands out one challenge per user, so every member has users of its own and two
 * PBXes never share a challenge. The UCM cannot tell two bridge instances apart (no report target when
 * events come over the WebSocket), so overlaps are not counted ({@code -1}); its bans are.
 */
final class UcmFleetMember implements FleetMember {
    private static final int RECORDED_REQUESTS = 8;
    private static final int QUEUED_PUSHES = 1000;
    private static final UcmModel[] MODELS = UcmModel.values();

    private final FleetMemberSpec spec;
    private final String webUser;
    private final String webPassword;
    private final UcmSimulator sim;

    UcmFleetMember(Vertx vertx, FleetMemberSpec spec) {
        this.spec = spec;
        this.webUser = "admin";
        this.webPassword = spec.password() + "-web";
        UcmSimulatorOptions options = new UcmSimulatorOptions()
                .host(spec.host()).port(spec.port())
                .model(MODELS[(int) Math.floorMod(spec.seed(), (long) MODELS.length)])
                .apiUser(spec.username(), Secret.of(spec.password()))
                .webUser(webUser, Secret.of(webPassword))
                .extensions(spec.extensions(), spec.firstExtension())
                .randomSeed(spec.seed())
                .serialNumber(spec.serialNumber())
                .callControl(false)
                .requestLogCapacity(RECORDED_REQUESTS)
                .pushQueueCapacity(QUEUED_PUSHES);
        this.sim = UcmSimulator.embedded(vertx, options, spec.pushClient());
    }

    @Override
    public void handle(HttpServerRequest request) {
        sim.handle(request);
    }

    @Override
    public Map<String, Object> configEntry() {
        Map<String, Object> entry = spec.configEntry(UcmSimulatorProvider.VENDOR_ID,
                spec.apiVersion() == null ? "1.0" : spec.apiVersion());
        // The simulated UCM prints its times (alloc_time, CDR start/end) in UTC.
        entry.put("time_zone", "UTC");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("ws_username", webUser);
        options.put("ws_password", webPassword);
        options.put("call_control", "false");
        entry.put("options", options);
        return entry;
    }

    @Override
    public boolean placeCall() {
        return sim.placeRandomCall();
    }

    @Override
    public void reboot() {
        sim.reboot();
    }

    @Override
    public FleetMemberStats stats() {
        long[] logins = sim.loginCounts();
        return new FleetMemberStats(logins[0], logins[1], logins[2], sim.loggedIn(), -1, 0);
    }

    @Override
    public Future<Void> stop() {
        return sim.stop();
    }
}
