package io.pbxbridge.connector.grandstream.events;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * One item of an {@code ActiveCallStatus} eventbody (or a row of the channel listings a resync reads): the
 * fields the tracker uses, taken in one pass over the item's entries. A lookup per field (25 of them, in
 * an item of 18 keys) cost more than the pass. Every value reads as {@link UcmLeg#text} reads it: null when
 * absent, empty or blank; a value that is not a string as its JSON text.
 *
 * <p>A leg item names its {@code channel}; a bridge item (one with a {@code channel1} or {@code channel2}
 * key) its two channels, {@code channel1} being the calling one.
 */
final class ActiveCallItem {
    private final Map<String, Object> fields;
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

    private ActiveCallItem(Map<String, Object> fields) {
        this.fields = fields;
    }

    static ActiveCallItem of(JsonObject item) {
        return of(item.getMap());
    }

    /** The item's fields; {@code fields} is a JSON object's map (a frame's {@link FrameMap}, or Vert.x's). */
    static ActiveCallItem of(Map<String, Object> fields) {
        ActiveCallItem item = new ActiveCallItem(fields);
        fields.forEach(item::read);
        return item;
    }

    private void read(String key, Object value) {
        switch (key) {
            case "action" -> action = text(key, value);
            case "channel" -> channel = text(key, value);
            case "channel1" -> {
                bridge = true;
                channel1 = text(key, value);
            }
            case "channel2" -> {
                bridge = true;
                channel2 = text(key, value);
            }
            case "linkedid" -> linkedid = text(key, value);
            case "uniqueid" -> uniqueid = text(key, value);
            case "state" -> state = text(key, value);
            case "chantype" -> chantype = text(key, value);
            case "callernum" -> callernum = text(key, value);
            case "callername" -> callername = text(key, value);
            case "connectednum" -> connectednum = text(key, value);
            case "connectedname" -> connectedname = text(key, value);
            case "inbound_trunk_name" -> inboundTrunk = text(key, value);
            case "outbound_trunk_name" -> outboundTrunk = text(key, value);
            case "service" -> service = text(key, value);
            case "alloc_time" -> allocTime = text(key, value);
            case "bridge_time" -> bridgeTime = text(key, value);
            case "uniqueid1" -> uniqueid1 = text(key, value);
            case "uniqueid2" -> uniqueid2 = text(key, value);
            case "callerid1" -> callerid1 = text(key, value);
            case "callerid2" -> callerid2 = text(key, value);
            case "name1" -> name1 = text(key, value);
            case "name2" -> name2 = text(key, value);
            case "cause_txt" -> causeTxt = text(key, value);
            case "cause" -> cause = text(key, value);
            case "hangupcause" -> hangupCause = text(key, value);
            default -> {
                // not read by the tracker
            }
        }
    }

    /** {@link UcmLeg#text} of an entry, without looking it up again. */
    private String text(String key, Object value) {
        if (value == null) {
            return null;
        }
        // Anything but a string (rare) reads as JsonObject.getValue gives it: a nested object or list as its JSON.
        String s = value instanceof String string ? string : new JsonObject(fields).getValue(key).toString();
        return UcmLeg.nonBlank(s);
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
