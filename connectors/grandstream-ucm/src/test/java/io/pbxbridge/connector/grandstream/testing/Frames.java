package io.pbxbridge.connector.grandstream.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Realistic ActiveCallStatus items and notify frames (shapes from spec B.3 and seed 004). */
public final class Frames {
    public static final String TRUNK = "PJSIP/trunk_1-00000002";
    public static final String EXT = "PJSIP/1001-00000003";
    public static final String EXT2 = "PJSIP/1002-00000004";
    public static final String LINKED = "1700000000.10";
    /** A trunk ringing frame as the benchmark and the simulator write it, byte for byte (key order, empty transactionid). */
    public static final String TRUNK_RINGING_TEXT = "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":[{\"action\":\"add\","
            + "\"channel\":\"PJSIP/trunk_1-00000002\",\"chantype\":\"unbridge\",\"uniqueid\":\"1700000000.10\","
            + "\"linkedid\":\"1700000000.10\",\"state\":\"Ring\",\"service\":\"\",\"callername\":\"\","
            + "\"callernum\":\"0612345678\",\"connectedname\":\"\",\"connectednum\":\"s\",\"callid\":\"\","
            + "\"alloc_time\":\"2026-11-26 10:00:00\",\"inbound_trunk_name\":\"SIPTrunk1\","
            + "\"outbound_trunk_name\":\"\"}],\"transactionid\":\"\"}]}";

    private Frames() {
    }

    public static JsonObject trunkRinging(String action) {
        return new JsonObject().put("action", action).put("channel", TRUNK).put("chantype", "unbridge")
                .put("uniqueid", LINKED).put("linkedid", LINKED).put("state", "Ring").put("service", "")
                .put("callername", "").put("callernum", "0612345678").put("connectedname", "").put("connectednum", "s")
                .put("callid", "").put("alloc_time", "2026-11-26 10:00:00").put("inbound_trunk_name", "SIPTrunk1")
                .put("outbound_trunk_name", "");
    }

    public static JsonObject extRinging(String channel, String ext, String action) {
        return new JsonObject().put("action", action).put("channel", channel).put("chantype", "unbridge")
                .put("uniqueid", "1700000000.1" + ext.charAt(3)).put("linkedid", LINKED).put("state", "Ringing")
                .put("service", "macro-dial").put("callername", "Alice").put("callernum", ext)
                .put("connectedname", "").put("connectednum", "0612345678").put("alloc_time", "2026-11-26 10:00:01")
                .put("inbound_trunk_name", "SIPTrunk1").put("outbound_trunk_name", "");
    }

    public static JsonObject upBridged(String channel) {
        return new JsonObject().put("action", "update").put("channel", channel).put("chantype", "bridge").put("state", "Up");
    }

    public static JsonObject bridge(String c1, String c2, String action) {
        return new JsonObject().put("action", action).put("channel1", c1).put("channel2", c2)
                .put("callerid1", "0612345678").put("callerid2", c2.substring(6, 10)).put("name1", "").put("name2", "Alice")
                .put("bridge_time", "2026-11-26 10:00:05").put("linkedid", "")
                .put("inbound_trunk_name", "SIPTrunk1").put("outbound_trunk_name", "")
                .put("uniqueid1", LINKED).put("uniqueid2", "1700000000.11");
    }

    public static JsonObject delete(String channel) {
        return new JsonObject().put("action", "delete").put("channel", channel);
    }

    /** A notify frame; {@code asList} chooses the list or the single-object shape of {@code message}. */
    public static String notify(String eventName, boolean asList, JsonObject... body) {
        JsonObject notify = new JsonObject().put("action", "notify").put("eventname", eventName)
                .put("eventbody", new JsonArray(java.util.List.of((Object[]) body))).put("transactionid", "");
        Object message = asList ? new JsonArray().add(notify) : notify;
        return new JsonObject().put("message", message).encode();
    }
}
