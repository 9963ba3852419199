package io.pbxbridge.connector.spi.sim;

import io.vertx.core.http.HttpClient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who one simulated PBX of a fleet is ({@code simulate fleet}): its own id, address, credentials, serial
 * number and extensions, like a real device. Many members share one process, one Vert.x and one HTTP
 * server per shard; the fleet routes each request to the member whose address ({@code host}) it was
 * sent to, so a member is addressed exactly like a real PBX: {@code http://host:port}, no path prefix.
 *
 * @param id                 the PBX id the bridge's configuration gives it
 * @param host               the member's own address (a distinct loopback address, e.g. {@code 127.20.0.7})
 * @param port               the port of its shard's HTTP server (shared with the other members of the shard)
 * @param username           its API user
 * @param password           its API password (what the PBX accepts)
 * @param configuredPassword the password written into the bridge's configuration: differs from
 *                           {@code password} for a member with wrong credentials
 * @param reportSecret       the report secret written into the bridge's configuration
 * @param serialNumber       its serial number (Yeastar) or MAC-like id (UCM), distinct per member
 * @param firstExtension     its first extension number
 * @param extensions         how many extensions it has
 * @param apiVersion         the vendor API version it speaks (null: the simulator's default)
 * @param seed               its random seed (calls, tokens), so a fleet is reproducible
 * @param pushClient         the process's shared client for reports a member pushes (one pool, not one per PBX)
 * @param pushObserver       told how each pushed report was answered, and how fast (the fleet's push latency)
 */
public record FleetMemberSpec(String id, String host, int port, String username, String password,
                              String configuredPassword, String reportSecret, String serialNumber, int firstExtension,
                              int extensions, String apiVersion, long seed, HttpClient pushClient,
                              PushObserver pushObserver) {

    public FleetMemberSpec {
        pushObserver = pushObserver == null ? PushObserver.NONE : pushObserver;
    }

    /** The API base URL the bridge is given: the member's own address, its shard's port, no path. */
    public String apiUrl() {
        return "http://" + host + ":" + port;
    }

    /**
     * The bridge's configuration entry for this member as every vendor writes it (id, vendor, address,
     * credentials, report secret); a vendor adds what is its own (time zone, options).
     */
    public Map<String, Object> configEntry(String vendor, String wireApiVersion) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("vendor", vendor);
        entry.put("api_url", apiUrl());
        entry.put("api_version", wireApiVersion);
        entry.put("username", username);
        entry.put("password", configuredPassword);
        entry.put("report_secret", reportSecret);
        return entry;
    }
}
