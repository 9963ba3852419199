package io.pbxbridge.bridge.management;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every label of the registry in a closed set, whatever a request or a peer brings: an HTTP method outside
 * the standard ones becomes {@code OTHER}; a connection pool named after a peer's address ({@code host:port}, as
 * Vert.x names its HTTP client pools) is named after the PBX at that address, or {@code other}; labels that can
 * only carry request or peer data (path, route, remote and local address) are dropped. Applied once per new
 * meter, not per measurement.
 */
final class BoundedLabels implements MeterFilter {
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
            "PATCH");
    static final Set<String> DROPPED = Set.of("path", "route", "remote", "local");
    /** Pools the code names itself (worker pools, named executors): bounded by the code, kept. */
    private static final String NAMED_BY_CODE = "worker";

    private final Map<String, String> pbxByEndpoint = new ConcurrentHashMap<>();

    /** Names the pool of connections to {@code apiUrl} after {@code pbxId}. */
    void pbx(URI apiUrl, String pbxId) {
        String host = apiUrl.getHost();
        if (host == null) {
            return;
        }
        int port = apiUrl.getPort() > 0 ? apiUrl.getPort() : "https".equalsIgnoreCase(apiUrl.getScheme()) ? 443 : 80;
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        pbxByEndpoint.put(bare + ":" + port, pbxId);
        pbxByEndpoint.put("[" + bare + "]:" + port, pbxId);
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        List<Tag> tags = id.getTags();
        List<Tag> bounded = null;
        for (int i = 0; i < tags.size(); i++) {
            Tag tag = tags.get(i);
            Tag replacement = bound(tag, id);
            if (replacement != tag && bounded == null) {
                bounded = new ArrayList<>(tags.subList(0, i));
            }
            if (bounded != null && replacement != null) {
                bounded.add(replacement);
            }
        }
        return bounded == null ? id : id.replaceTags(bounded);
    }

    /** The tag to keep (itself when it is fine), or null to drop it. */
    private Tag bound(Tag tag, Meter.Id id) {
        String key = tag.getKey();
        if (DROPPED.contains(key)) {
            return null;
        }
        if (key.equals("method")) {
            return METHODS.contains(tag.getValue()) ? tag : Tag.of(key, "OTHER");
        }
        if (key.equals("pool_name") && !NAMED_BY_CODE.equals(id.getTag("pool_type"))) {
            String pbx = pbxByEndpoint.getOrDefault(tag.getValue(), "other");
            return pbx.equals(tag.getValue()) ? tag : Tag.of(key, pbx);
        }
        return tag;
    }
}
