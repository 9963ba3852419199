package io.pbxbridge.bridge.ingress;

import java.util.function.Function;

/**
 * Where the ingress looks up the PBX a report names, per report: so a PBX added, changed or removed by a
 * configuration reload is served as configured now. Each event loop gets a lookup of its own (normalizers are
 * not shared between threads); a lookup answers null for a PBX that is not configured.
 */
@FunctionalInterface
public interface IngressRoutes {
    /** A new lookup for one event loop. */
    Function<String, IngressRoute> forEventLoop();
}
