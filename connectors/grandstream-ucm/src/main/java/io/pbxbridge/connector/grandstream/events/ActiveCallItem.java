package io.pbxbridge.connector.grandstream.events;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * One item of an {@code ActiveCallStatus} eventbody (or a row of the channel listings a resync reads): the
 * fields the tracker uses, taken in one pass over the item's entries (the model's, or {@link ActiveCallSpans}'s
 * straight from the frame's bytes). A lookup per field (25 of them, in an item of 18 keys) cost more than the
 * pass. Every value reads as {@link UcmLeg#valueText} reads it: null when absent, empty or blank; a value that
 * is not a string as its JSON text.
 *
 * <p>A leg item names its {@code channel}; a bridge item (one with a {@code channel1} or {@code channel2}
 * key) its two channels, {@code channel1} being the calling one.
 */
final class ActiveCallItem {
    /** Every key the tracker reads; {@link ActiveCallSpans} matches an item's keys against these bytes. */
    static final String[] KEYS = {"action", "channel", "channel1", "channel2", "linkedid", "uniqueid", "state",
            "chantype", "callernum", "callername", "connectednum", "connectedname", "inbound_trunk_name",
            "outbound_trunk_name", "service", "alloc_time", "bridge_time", "uniqueid1", "uniqueid2", "callerid1",
            "callerid2", "name1", "name2", "cause_txt", "cause", "hangupcause"};
    String action;
    boolean bridge;
    String channel;
    String channel1;
    String channel2;
    String linkedid;
    String uniqueid;
    String state;
    String chantype;
    String callernum;
    String callername;
    String connectednum;
    String connectedname;
    String inboundTrunk;
    String outboundTrunk;
    String service;
    String allocTime;
    String bridgeTime;
    String uniqueid1;
    String uniqueid2;
    String callerid1;
    String callerid2;
    String name1;
    String name2;
    /** Hang-up causes a delete might carry (not in seed 004: kept if a firmware sends one), by precedence. */
    private String causeTxt;
    private String cause;
    private String hangupCause;

    static ActiveCallItem of(JsonObject item) {
        return of(item.getMap());
    }

    /** The item's fields; {@code fields} is a JSON object's map (a frame's {@link FrameMap}, or Vert.x's). */
    static ActiveCallItem of(Map<String, Object> fields) {
        ActiveCallItem item = new ActiveCallItem();
        fields.forEach(item::read);
        return item;
    }

    /**
     * Reads one entry: {@code value} as the model holds it, or as {@link ActiveCallSpans} hands it over (a
     * string's text, a number's or literal's JSON text); both read through {@link UcmLeg#valueText}.
     */
    void read(String key, Object value) {
        switch (key) {
            case "action" -> action = UcmLeg.valueText(value);
            case "channel" -> channel = UcmLeg.valueText(value);
            case "channel1" -> {
                bridge = true;
                channel1 = UcmLeg.valueText(value);
            }
            case "channel2" -> {
                bridge = true;
                channel2 = UcmLeg.valueText(value);
            }
            case "linkedid" -> linkedid = UcmLeg.valueText(value);
            case "uniqueid" -> uniqueid = UcmLeg.valueText(value);
            case "state" -> state = UcmLeg.valueText(value);
            case "chantype" -> chantype = UcmLeg.valueText(value);
            case "callernum" -> callernum = UcmLeg.valueText(value);
            case "callername" -> callername = UcmLeg.valueText(value);
            case "connectednum" -> connectednum = UcmLeg.valueText(value);
            case "connectedname" -> connectedname = UcmLeg.valueText(value);
            case "inbound_trunk_name" -> inboundTrunk = UcmLeg.valueText(value);
            case "outbound_trunk_name" -> outboundTrunk = UcmLeg.valueText(value);
            case "service" -> service = UcmLeg.valueText(value);
            case "alloc_time" -> allocTime = UcmLeg.valueText(value);
            case "bridge_time" -> bridgeTime = UcmLeg.valueText(value);
            case "uniqueid1" -> uniqueid1 = UcmLeg.valueText(value);
            case "uniqueid2" -> uniqueid2 = UcmLeg.valueText(value);
            case "callerid1" -> callerid1 = UcmLeg.valueText(value);
            case "callerid2" -> callerid2 = UcmLeg.valueText(value);
            case "name1" -> name1 = UcmLeg.valueText(value);
            case "name2" -> name2 = UcmLeg.valueText(value);
            case "cause_txt" -> causeTxt = UcmLeg.valueText(value);
            case "cause" -> cause = UcmLeg.valueText(value);
            case "hangupcause" -> hangupCause = UcmLeg.valueText(value);
            default -> {
                // not read by the tracker
            }
        }
    }

    /** The hang-up cause a delete carries: {@code cause_txt}, else {@code cause}, else {@code hangupcause}. */
    String cause() {
        return causeTxt != null ? causeTxt : cause != null ? cause : hangupCause;
    }

    /** Why the item cannot be used (it names no channel, or is a bridge without both), or null. */
    String missing() {
        if (bridge) {
            return channel1 == null || channel2 == null ? "is a bridge without both channel1 and channel2" : null;
        }
        return channel == null ? "names no channel" : null;
    }
}
