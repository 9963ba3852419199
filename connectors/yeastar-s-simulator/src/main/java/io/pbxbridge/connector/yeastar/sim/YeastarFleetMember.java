package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.spi.sim.FleetMember;
import io.pbxbridge.connector.spi.sim.FleetMemberSpec;
import io.pbxbridge.connector.spi.sim.FleetMemberStats;
import io.pbxbridge.connector.yeastar.YeastarConnector;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;

/**
 * One Yeastar S-Series PBX of a fleet: an embedded {@link YeastarSimulator} (no server of its own, reports
 * through the fleet's shared client, a short request log) that also watches its tokens for two clients at
 * once. A client is told apart by its report target (each bridge instance registers its own ingress): a
 * request on an older client's token after another client logged in is an overlap.
 */
final class YeastarFleetMember implements FleetMember {
    /** A member keeps only its last few requests (a fleet of thousands must stay small). */
    private static final int RECORDED_REQUESTS = 8;
    /** Reports waiting for the bridge per PBX; past it the PBX drops new ones (counted by the simulator). */
    private static final int QUEUED_REPORTS = 1000;

    private final FleetMemberSpec spec;
    private final YeastarApiVersion version;
    private final YeastarSimulator sim;
    private ApiSessions.Session newest;
    private long newestAtMillis;
    private long overlaps;
    private long maxOverlapMillis;

    YeastarFleetMember(Vertx vertx, FleetMemberSpec spec) {
        this.spec = spec;
        this.version = spec.apiVersion() == null ? YeastarApiVersion.V1_1_0 : YeastarApiVersion.parse(spec.apiVersion());
        YeastarSimulatorOptions options = YeastarSimulatorOptions.builder()
                .host(spec.host()).port(spec.port())
                .apiVersion(version)
                .username(spec.username()).password(spec.password())
                .serialNumber(spec.serialNumber())
                .extensions(spec.extensions(), spec.firstExtension())
                .randomSeed(spec.seed())
                .maxRecordedRequests(RECORDED_REQUESTS)
                .maxQueuedReports(QUEUED_REPORTS)
                .build();
        this.sim = YeastarSimulator.embedded(vertx, options, spec.pushClient(), spec.pushObserver());
        sim.apiSessions().observer(new Watch());
    }

    @Override
    public void handle(HttpServerRequest request) {
        sim.handle(request);
    }

    @Override
    public Map<String, Object> configEntry() {
        return spec.configEntry(YeastarConnector.ID, version.wire());
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
        LoginGuard guard = sim.loginGuard();
        return new FleetMemberStats(guard.accepted(), guard.refused(), guard.lockOuts(),
                sim.apiSessions().liveCount() > 0, overlaps, maxOverlapMillis);
    }

    @Override
    public Future<Void> stop() {
        return sim.stop();
    }

    /** Counts requests on an older client's token after a newer client (another report target) logged in. */
    private final class Watch implements ApiSessions.Observer {
        @Override
        public void opened(ApiSessions.Session s) {
            newest = s;
            newestAtMillis = System.currentTimeMillis();
        }

        @Override
        public void used(ApiSessions.Session s) {
            ApiSessions.Session latest = newest;
            if (latest != null && s != latest && s.registeredSeq < latest.registeredSeq
                    && !sameClient(s.target, latest.target)) {
                overlaps++;
                maxOverlapMillis = Math.max(maxOverlapMillis, System.currentTimeMillis() - newestAtMillis);
            }
        }

        @Override
        public void closed(ApiSessions.Session s) {
            if (s == newest) {
                newest = null;
            }
        }

        private boolean sameClient(ReportTarget a, ReportTarget b) {
            return a == null || b == null || (a.host().equals(b.host()) && a.port() == b.port());
        }
    }
}
