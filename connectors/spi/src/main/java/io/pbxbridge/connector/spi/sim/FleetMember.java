package io.pbxbridge.connector.spi.sim;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;

/**
 * One simulated PBX of a fleet ({@link PbxSimulator#fleetMember}). It has no server of its own: the fleet's
 * shard server hands it every request sent to its address. All its methods run on the shard's context
 * (where it was created); it keeps no timer while idle, so an idle member costs memory only.
 */
public interface FleetMember {
    /** Answers one request sent to this PBX (its API or, for a UCM, its event WebSocket). */
    void handle(HttpServerRequest request);

    /**
     * The PBX's entry for the bridge's configuration, as written under {@code pbxes} (YAML keys; {@code options}
     * a nested map), with the {@link FleetMemberSpec#configuredPassword}.
     */
    Map<String, Object> configEntry();

    /** Places one random call when a client is logged in; false (nothing placed) when none is. */
    boolean placeCall();

    /**
     * The PBX restarts: every session and live call is gone, and the PBX tells the client the way the vendor
     * does (Yeastar: a {@code BootUp} report; UCM: its WebSocket closes).
     */
    void reboot();

    /** What this PBX has seen so far. */
    FleetMemberStats stats();

    /** Ends its calls and pushes; the shard server stays up. */
    Future<Void> stop();
}
