package io.pbxbridge.bridge.session;

import io.pbxbridge.bridge.ingress.IngressRoute;
import io.pbxbridge.bridge.ingress.ReportPaths;
import io.pbxbridge.bridge.ingress.SourceAddressFilter;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.LoginThrottle;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.capture.TrafficRecorder;
import io.vertx.core.Vertx;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The configured PBXes and their connectors: what the ingress needs to accept their reports and what
 * the supervisor needs to create their sessions. Fails at construction when a PBX names a vendor no
 * connector on the class path serves.
 */
public final class PbxFleet {
    private final Vertx vertx;
    private final Map<String, PbxConfig> pbxes = new LinkedHashMap<>();
    private final Map<String, PbxConnector> connectors = new LinkedHashMap<>();
    private final EventSink sink;
    private final BridgeInfo bridge;
    private final SessionMetrics metrics;
    private final Function<String, TrafficRecorder> recorders;
    private final LoginThrottle logins;
    private volatile URI reportBaseUrl;

    /** @param logins shared by every session: bounds concurrent logins, spreads first logins of a crowd */
    public PbxFleet(Vertx vertx, List<PbxConfig> configured, EventSink sink, BridgeInfo bridge, SessionMetrics metrics,
                    LoginThrottle logins) {
        this(vertx, configured, sink, bridge, metrics, logins, id -> TrafficRecorder.NONE);
    }

    /**
     * @param logins    shared by every session: bounds concurrent logins, spreads first logins of a crowd
     * @param recorders where each PBX's traffic is recorded ({@code record_to}); {@link TrafficRecorder#NONE} if not
     */
    public PbxFleet(Vertx vertx, List<PbxConfig> configured, EventSink sink, BridgeInfo bridge, SessionMetrics metrics,
                    LoginThrottle logins, Function<String, TrafficRecorder> recorders) {
        this.recorders = recorders;
        this.vertx = vertx;
        this.sink = sink;
        this.bridge = bridge;
        this.metrics = metrics;
        this.logins = logins;
        for (PbxConfig pbx : configured) {
            PbxConnector connector = Connectors.find(pbx.vendor()).orElseThrow(() -> new IllegalArgumentException(
                    "PBX " + pbx.id() + ": no connector for vendor '" + pbx.vendor() + "'"));
            pbxes.put(pbx.id(), pbx);
            connectors.put(pbx.id(), connector);
        }
    }

    public List<String> ids() {
        return List.copyOf(pbxes.keySet());
    }

    public boolean contains(String pbxId) {
        return pbxes.containsKey(pbxId);
    }

    public Map<String, IngressRoute> ingressRoutes() {
        Map<String, IngressRoute> routes = new LinkedHashMap<>();
        pbxes.forEach((id, pbx) -> {
            PbxConnector c = connectors.get(id);
            routes.put(id, new IngressRoute(pbx, c.vendor(), c.normalizer(pbx, bridge),
                    new SourceAddressFilter(pbx.allowedSourceIps()), recorders.apply(id)));
        });
        return routes;
    }

    /** The PBX's session stopped and none runs here any more: its state is no longer shown. */
    public void sessionStopped(String pbxId) {
        metrics.unregister(pbxId);
    }

    /** Where PBXes must push reports; known once the ingress is listening. */
    public void reportBaseUrl(URI base) {
        this.reportBaseUrl = base;
    }

    /** A new (not started) session for a configured PBX; its state is shown from now on ({@link SessionMetrics}). */
    public PbxSession newSession(String pbxId) {
        PbxConfig pbx = pbxes.get(pbxId);
        if (pbx == null) {
            throw new IllegalArgumentException("no PBX configured with id " + pbxId);
        }
        metrics.register(pbxId);
        URI reportUrl = reportBaseUrl == null ? null : ReportPaths.reportUrl(reportBaseUrl, pbx);
        return connectors.get(pbxId).session(vertx, pbx, new SessionContext(sink, metrics, bridge, reportUrl,
                recorders.apply(pbxId), logins));
    }
}
