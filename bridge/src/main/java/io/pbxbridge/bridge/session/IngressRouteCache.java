package io.pbxbridge.bridge.session;

import io.pbxbridge.bridge.ingress.IngressRoute;
import io.pbxbridge.bridge.ingress.IngressRoutes;
import io.pbxbridge.connector.spi.PbxConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One ingress event loop's routes, built from the running fleet as reports arrive: a PBX's route (its
 * normalizer) is made on its first report and made again when a reload changed its entry; a removed PBX is
 * unknown at once. So a fleet of 20,000 costs normalizers only for the PBXes that push, per event loop that
 * received their reports. Confined to its event loop.
 */
final class IngressRouteCache implements Function<String, IngressRoute> {
    private final PbxFleet fleet;
    private final Map<String, IngressRoute> routes = new HashMap<>();
    private long seenVersion;

    private IngressRouteCache(PbxFleet fleet) {
        this.fleet = fleet;
        this.seenVersion = fleet.version();
    }

    /** The fleet as the ingress sees it: a cache per event loop. */
    static IngressRoutes of(PbxFleet fleet) {
        return () -> new IngressRouteCache(fleet);
    }

    @Override
    public IngressRoute apply(String pbxId) {
        long version = fleet.version();
        if (version != seenVersion) {
            seenVersion = version;
            routes.keySet().removeIf(id -> fleet.config(id) == null);
        }
        PbxConfig now = fleet.config(pbxId);
        if (now == null) {
            return null;
        }
        IngressRoute route = routes.get(pbxId);
        if (route == null || route.pbx() != now) {
            route = fleet.ingressRoute(now);
            routes.put(pbxId, route);
        }
        return route;
    }
}
