package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** One live channel (call leg), e.g. {@code PJSIP/1000-00000001} or {@code PJSIP/trunk_1-00000002}. */
final class SimChannel {
    final String name;
    final String uniqueid;
    final String linkedid;
    /** Extension number for extension legs, external number for trunk legs. */
    final String number;
    final boolean trunk;
    final Instant allocated;
    /** Seed 004 Table 27 {@code alloc_time}: "Channel change time (the first one is channel establish time)". */
    Instant changed;
    String state;
    String service = "macro-dial";
    String callername = "";
    String callernum = "";
    String connectedname = "";
    /** Table 27: "when the channel is not bridged, display s" — until a far side is known. */
    String connectednum = "s";
    String inboundTrunkName = "";
    String outboundTrunkName = "";
    /** In a bridge: B.3 {@code chantype} is {@code bridge} for a connected leg, {@code unbridge} otherwise. */
    boolean bridged;
    boolean muted;
    boolean held;

    SimChannel(String name, String uniqueid, String linkedid, String number, boolean trunk, String state, Instant allocated) {
        this.name = name;
        this.uniqueid = uniqueid;
        this.linkedid = linkedid;
        this.number = number;
        this.trunk = trunk;
        this.state = state;
        this.allocated = allocated;
        this.changed = allocated;
    }

    /** An ActiveCallStatus entry for this leg (B.3 field set); an update is a change, stamped now. */
    JsonObject event(String action) {
        if (!"add".equals(action)) {
            changed = Instant.now();
        }
        return row().put("action", action).put("chantype", bridged ? "bridge" : "unbridge").put("uniqueid", uniqueid)
                .put("linkedid", linkedid).put("callid", uniqueid);
    }

    /** A listUnBridgedChannels row (table 27). */
    JsonObject row() {
        return new JsonObject().put("channel", name).put("state", state).put("service", service)
                .put("callername", callername).put("callernum", callernum).put("connectedname", connectedname)
                .put("connectednum", connectednum).put("alloc_time", SimClock.format(changed))
                .put("inbound_trunk_name", inboundTrunkName).put("outbound_trunk_name", outboundTrunkName);
    }
}
