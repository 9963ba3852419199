package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** Two connected legs. */
final class SimBridge {
    final String bridgeId = UUID.randomUUID().toString();
    final Instant bridgeTime;
    SimChannel channel1;
    SimChannel channel2;

    SimBridge(SimChannel channel1, SimChannel channel2, Instant bridgeTime) {
        this.channel1 = channel1;
        this.channel2 = channel2;
        this.bridgeTime = bridgeTime;
    }

    boolean has(SimChannel c) {
        return channel1 == c || channel2 == c;
    }

    SimChannel peerOf(SimChannel c) {
        return channel1 == c ? channel2 : channel1;
    }

    /** A listBridgedChannels row (table 26). */
    JsonObject row() {
        return new JsonObject().put("bridge_id", bridgeId).put("bridge_time", SimClock.format(bridgeTime))
                .put("callerid1", channel1.number).put("callerid2", channel2.number)
                .put("channel1", channel1.name).put("channel2", channel2.name).put("have_send", 1)
                .put("inbound_trunk_name", first(channel1.inboundTrunkName, channel2.inboundTrunkName))
                .put("name1", channel1.callername).put("name2", channel2.callername)
                .put("outbound_trunk_name", first(channel1.outboundTrunkName, channel2.outboundTrunkName))
                .put("uniqueid1", channel1.uniqueid).put("uniqueid2", channel2.uniqueid);
    }

    /** ActiveCallStatus bridge entry: B.3 says bridge entries often carry an empty linkedid. */
    JsonObject event(String action) {
        return row().put("action", action).put("chantype", "bridge").put("linkedid", "");
    }

    private static String first(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }
}
