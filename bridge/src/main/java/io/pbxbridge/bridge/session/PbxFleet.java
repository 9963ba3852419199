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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The configured PBXes and their connectors: what the ingress needs to accept their reports and what
 * the supervisor needs to create their sessions. Fails when a PBX names a vendor no connector on the class
 * path serves. The set changes while the bridge runs ({@link #update}, a configuration reload): every reader
 * sees one consistent snapshot at a time, and a session started after the change gets the new entry.
 */
public final class PbxFleet {
    private final Vertx vertx;
    private final EventSink sink;
    private final BridgeInfo bridge;
    private final SessionMetrics metrics;
    private final Function<String, TrafficRecorder> recorders;
    private final LoginThrottle logins;
    private volatile Snapshot snapshot;
    private volatile long version;
    private volatile URI reportBaseUrl;

    /** One version of the configured fleet: entries and their connectors, in file order. */
    private record Snapshot(Map<String, PbxConfig> pbxes, Map<String, PbxConnector> connectors) {
        static Snapshot of(List<PbxConfig> configured) {
            Map<String, PbxConfig> pbxes = new LinkedHashMap<>();
            Map<String, PbxConnector> connectors = new HashMap<>();
            for (PbxConfig pbx : configured) {
                PbxConnector connector = Connectors.find(pbx.vendor()).orElseThrow(() -> new IllegalArgumentException(
                        "PBX " + pbx.id() + ": no connector for vendor '" + pbx.vendor() + "'"));
                pbxes.put(pbx.id(), pbx);
                connectors.put(pbx.id(), connector);
            }
            return new Snapshot(java.util.Collections.unmodifiableMap(pbxes), Map.copyOf(connectors));
        }
    }

    /**
     * What a new configuration changes: PBXes added, removed, and changed (any key of the entry, secrets read
     * from files included). Sorted, for readable logs.
     *
     * @param changedKeys for each changed PBX, the keys of its entry that differ (names only, never values)
     */
    public record Change(Set<String> added, Set<String> removed, Set<String> changed,
                         Map<String, List<String>> changedKeys) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }

        public int size() {
            return added.size() + removed.size() + changed.size();
        }

        @Override
        public String toString() {
            return added.size() + " added, " + removed.size() + " removed, " + changed.size() + " changed";
        }
    }

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
        this.snapshot = Snapshot.of(configured);
    }

    /**
     * Replaces the configured PBXes (a reload) and says what changed. Fails, changing nothing, when an entry
     * names a vendor no connector serves. Call from one thread at a time.
     */
    public Change update(List<PbxConfig> configured) {
        Snapshot next = Snapshot.of(configured);
        Snapshot previous = snapshot;
        Set<String> added = new TreeSet<>();
        Set<String> changed = new TreeSet<>();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (PbxConfig pbx : next.pbxes().values()) {
            PbxConfig old = previous.pbxes().get(pbx.id());
            if (old == null) {
                added.add(pbx.id());
            } else if (!old.equals(pbx)) {
                changed.add(pbx.id());
                keys.put(pbx.id(), differingKeys(old, pbx));
            }
        }
        Set<String> removed = new TreeSet<>(previous.pbxes().keySet());
        removed.removeAll(next.pbxes().keySet());
        snapshot = next;
        version++;
        return new Change(Set.copyOf(added), Set.copyOf(removed), Set.copyOf(changed), Map.copyOf(keys));
    }

    /** The keys of an entry that differ, by their configuration names (never their values). */
    static List<String> differingKeys(PbxConfig a, PbxConfig b) {
        List<String> keys = new ArrayList<>();
        diff(keys, "vendor", a.vendor(), b.vendor());
        diff(keys, "api_url", a.apiUrl(), b.apiUrl());
        diff(keys, "username", a.username(), b.username());
        diff(keys, "password", a.password(), b.password());
        diff(keys, "api_version", a.apiVersion(), b.apiVersion());
        diff(keys, "report_secret", a.reportSecret(), b.reportSecret());
        diff(keys, "allowed_source_ips", a.allowedSourceIps(), b.allowedSourceIps());
        diff(keys, "tls", a.tls(), b.tls());
        diff(keys, "keep_alive", a.keepAlive(), b.keepAlive());
        diff(keys, "time_zone", a.timeZone(), b.timeZone());
        diff(keys, "options", a.options(), b.options());
        return keys;
    }

    private static void diff(List<String> keys, String key, Object a, Object b) {
        if (!java.util.Objects.equals(a, b)) {
            keys.add(key);
        }
    }

    /** Counts updates: readers that cache per PBX (the ingress) notice a reload by it. */
    public long version() {
        return version;
    }

    /** How the ingress finds the PBX a report names: the running fleet, one cache per event loop. */
    public io.pbxbridge.bridge.ingress.IngressRoutes routes() {
        return IngressRouteCache.of(this);
    }

    public List<String> ids() {
        return List.copyOf(snapshot.pbxes().keySet());
    }

    public boolean contains(String pbxId) {
        return snapshot.pbxes().containsKey(pbxId);
    }

    /** The PBX's current entry, or null when it is not configured (any thread, no copy). */
    public PbxConfig config(String pbxId) {
        return snapshot.pbxes().get(pbxId);
    }

    /** Every configured entry, in file order. */
    public List<PbxConfig> configs() {
        return List.copyOf(snapshot.pbxes().values());
    }

    /** The connector id ({@code vendor} key) of a configured PBX, or null. */
    public String vendor(String pbxId) {
        PbxConfig pbx = config(pbxId);
        return pbx == null ? null : pbx.vendor();
    }

    /** The ingress's view of the current entry of a PBX: its own normalizer (for one event loop). */
    public IngressRoute ingressRoute(PbxConfig pbx) {
        PbxConnector c = snapshot.connectors().get(pbx.id());
        if (c == null) {
            c = Connectors.find(pbx.vendor()).orElseThrow();
        }
        return new IngressRoute(pbx, c.vendor(), c.normalizer(pbx, bridge), new SourceAddressFilter(pbx.allowedSourceIps()),
                recorders.apply(pbx.id()));
    }

    /** Every PBX's route, built now (tests and tools; the running ingress builds routes as reports arrive). */
    public Map<String, IngressRoute> ingressRoutes() {
        Map<String, IngressRoute> routes = new LinkedHashMap<>();
        snapshot.pbxes().values().forEach(pbx -> routes.put(pbx.id(), ingressRoute(pbx)));
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

    /**
     * A new (not started) session for a configured PBX, with its current entry; its state is shown from now on
     * ({@link SessionMetrics}).
     */
    public PbxSession newSession(String pbxId) {
        Snapshot now = snapshot;
        PbxConfig pbx = now.pbxes().get(pbxId);
        if (pbx == null) {
            throw new IllegalArgumentException("no PBX configured with id " + pbxId);
        }
        metrics.register(pbxId);
        URI reportUrl = reportBaseUrl == null ? null : ReportPaths.reportUrl(reportBaseUrl, pbx);
        return now.connectors().get(pbxId).session(vertx, pbx, new SessionContext(sink, metrics, bridge, reportUrl,
                recorders.apply(pbxId), logins));
    }
}
