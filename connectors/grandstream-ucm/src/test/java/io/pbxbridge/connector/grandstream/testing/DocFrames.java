package io.pbxbridge.connector.grandstream.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * ActiveCallStatus frames written from the vendor documents, not from the simulator: the notify
 * envelope and leg fields of spec B.3 ({@code channel}, {@code chantype} unbridge/bridge, {@code action}
 * add/update/delete, {@code uniqueid}, {@code linkedid}, {@code state} Ring/Ringing/Up, {@code service},
 * {@code callername}/{@code callernum}, {@code connectedname}/{@code connectednum}, {@code callid},
 * {@code alloc_time}, trunk names; "a delete carries only channel"; bridge entries with an empty
 * linkedid), the row fields of seed 004 Table 27 ({@code connectednum} "when the channel is not
 * bridged, display s"; {@code alloc_time} "Channel change time") and Table 26 (listBridgedChannels:
 * {@code channel1} "the calling channel", {@code callerid1/2}, {@code uniqueid1/2}, {@code bridge_time}
 * "2019-11-25 09:43:19", {@code bridge_id}, {@code name1/2}, trunk names). The internal call is the
 * pair of Table 26's example: 1001 ({@code PJSIP/1001-00000002}) calls 1000 ({@code PJSIP/1000-00000003}).
 */
public final class DocFrames {
    public static final String CALLER_1001 = "PJSIP/1001-00000002";
    public static final String CALLEE_1000 = "PJSIP/1000-00000003";
    public static final String INTERNAL_CALL = "1574692996.4";
    public static final String CALLEE_UNIQUEID = "1574692996.5";

    public static final String OUT_EXT = "PJSIP/1001-00000010";
    public static final String OUT_TRUNK = "PJSIP/trunk_2-00000011";
    public static final String OUTBOUND_CALL = "1574693100.20";

    public static final String IN_TRUNK = "PJSIP/trunk_1-00000020";
    public static final String IN_EXT = "PJSIP/1000-00000021";
    public static final String INBOUND_CALL = "1574693200.30";

    private DocFrames() {
    }

    /** A leg item with every B.3 field; {@code connectednum} {@code s} until the channel is bridged. */
    public static JsonObject leg(String action, String channel, String uniqueid, String linkedid, String state,
                                 String callernum, String connectednum, String allocTime, String inboundTrunk,
                                 String outboundTrunk) {
        boolean up = "Up".equals(state);
        return new JsonObject().put("action", action).put("channel", channel)
                .put("chantype", up ? "bridge" : "unbridge").put("uniqueid", uniqueid).put("linkedid", linkedid)
                .put("state", state).put("service", "macro-dial").put("callername", callernum)
                .put("callernum", callernum).put("connectedname", "").put("connectednum", connectednum)
                .put("callid", "").put("alloc_time", allocTime).put("inbound_trunk_name", inboundTrunk)
                .put("outbound_trunk_name", outboundTrunk);
    }

    /** A bridge entry: Table 26's row plus action and chantype; linkedid empty as B.3 observed. */
    public static JsonObject bridge(String action, String channel1, String channel2, String callerid1, String callerid2,
                                    String uniqueid1, String uniqueid2, String bridgeTime) {
        return new JsonObject().put("action", action).put("chantype", "bridge").put("linkedid", "")
                .put("bridge_id", "7f12ed1a-f03d-4575-a4cb-f986f864c2a2").put("bridge_time", bridgeTime)
                .put("callerid1", callerid1).put("callerid2", callerid2).put("channel1", channel1)
                .put("channel2", channel2).put("have_send", 1).put("inbound_trunk_name", "").put("name1", callerid1)
                .put("name2", "").put("outbound_trunk_name", "").put("uniqueid1", uniqueid1).put("uniqueid2", uniqueid2);
    }

    /** "A delete carries only channel" (B.3). */
    public static JsonObject delete(String channel) {
        return new JsonObject().put("action", "delete").put("channel", channel);
    }

    /** {@code {"message":[{"action":"notify","eventname":"ActiveCallStatus","eventbody":[…]}]}}. */
    public static String frame(JsonObject... items) {
        return new JsonObject().put("message", new JsonArray().add(new JsonObject().put("action", "notify")
                .put("eventname", "ActiveCallStatus").put("eventbody", new JsonArray(java.util.List.of((Object[]) items)))
                .put("transactionid", ""))).encode();
    }

    /** 1001 calls 1000: both ring, both answer in one frame, the bridge, then each leg's delete. */
    public static java.util.List<String> internalCall() {
        return java.util.List.of(
                frame(leg("add", CALLER_1001, INTERNAL_CALL, INTERNAL_CALL, "Ring", "1001", "s", "2019-11-25 09:43:12", "", "")),
                frame(leg("add", CALLEE_1000, CALLEE_UNIQUEID, INTERNAL_CALL, "Ringing", "1000", "1001", "2019-11-25 09:43:13", "", ""),
                        leg("update", CALLER_1001, INTERNAL_CALL, INTERNAL_CALL, "Ring", "1001", "1000", "2019-11-25 09:43:13", "", "")),
                frame(leg("update", CALLEE_1000, CALLEE_UNIQUEID, INTERNAL_CALL, "Up", "1000", "1001", "2019-11-25 09:43:19", "", ""),
                        leg("update", CALLER_1001, INTERNAL_CALL, INTERNAL_CALL, "Up", "1001", "1000", "2019-11-25 09:43:19", "", "")),
                frame(bridge("add", CALLER_1001, CALLEE_1000, "1001", "1000", INTERNAL_CALL, CALLEE_UNIQUEID, "2019-11-25 09:43:19")),
                frame(delete(CALLEE_1000)),
                frame(delete(CALLER_1001)));
    }

    /** 1001 dials out on trunk 2 ("Provider1"): the trunk leg is the called side. */
    public static java.util.List<String> outboundCall() {
        return java.util.List.of(
                frame(leg("add", OUT_EXT, OUTBOUND_CALL, OUTBOUND_CALL, "Ring", "1001", "s", "2019-11-25 10:00:00", "", "")),
                frame(leg("add", OUT_TRUNK, "1574693100.21", OUTBOUND_CALL, "Ringing", "0612345678", "1001", "2019-11-25 10:00:01", "", "Provider1")),
                frame(leg("update", OUT_TRUNK, "1574693100.21", OUTBOUND_CALL, "Up", "0612345678", "1001", "2019-11-25 10:00:07", "", "Provider1")),
                frame(delete(OUT_TRUNK), delete(OUT_EXT)));
    }

    /** 0612345678 calls in on trunk 1 ("SIPTrunk1") to 1000: the trunk leg is the calling side. */
    public static java.util.List<String> inboundCall() {
        return java.util.List.of(
                frame(leg("add", IN_TRUNK, INBOUND_CALL, INBOUND_CALL, "Ring", "0612345678", "s", "2019-11-25 11:00:00", "SIPTrunk1", "")),
                frame(leg("add", IN_EXT, "1574693200.31", INBOUND_CALL, "Ringing", "1000", "0612345678", "2019-11-25 11:00:01", "SIPTrunk1", "")),
                frame(leg("update", IN_EXT, "1574693200.31", INBOUND_CALL, "Up", "1000", "0612345678", "2019-11-25 11:00:04", "SIPTrunk1", "")),
                frame(leg("update", IN_TRUNK, INBOUND_CALL, INBOUND_CALL, "Up", "0612345678", "1000", "2019-11-25 11:00:04", "SIPTrunk1", "")),
                frame(delete(IN_EXT)),
                frame(delete(IN_TRUNK)));
    }
}
