package io.pbxbridge.connector.grandstream.events;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
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
    /** Every key the tracker reads; {@link ActiveCallSpans} matches an item's keys against their bytes. */
    enum Field {
        ACTION("action", "add", "update", "delete"), CHANNEL("channel"), CHANNEL1("channel1"), CHANNEL2("channel2"),
        LINKEDID("linkedid"), UNIQUEID("uniqueid"), STATE("state", "Ring", "Ringing", "Up", "Down"),
        CHANTYPE("chantype", "unbridge", "bridge"), CALLERNUM("callernum"), CALLERNAME("callername"),
        CONNECTEDNUM("connectednum", "s"), CONNECTEDNAME("connectedname"), INBOUND_TRUNK_NAME("inbound_trunk_name"),
        OUTBOUND_TRUNK_NAME("outbound_trunk_name"), SERVICE("service"), ALLOC_TIME("alloc_time"),
        BRIDGE_TIME("bridge_time"), UNIQUEID1("uniqueid1"), UNIQUEID2("uniqueid2"), CALLERID1("callerid1"),
        CALLERID2("callerid2"), NAME1("name1"), NAME2("name2"), CAUSE_TXT("cause_txt"), CAUSE("cause"),
        HANGUPCAUSE("hangupcause");

        private static final Map<String, Field> BY_KEY = new HashMap<>();

        static {
            for (Field field : values()) {
                BY_KEY.put(field.key, field);
            }
        }

        final String key;
        /**
         * Values nearly every item carries in this field, read as these constants ({@link ActiveCallSpans}): no
         * String per item for them, and the tracker's switches on them find their hash codes made.
         */
        final String[] usual;

        Field(String key, String... usual) {
            this.key = key;
            this.usual = usual;
        }

        /** The field of a key; null for a key the tracker does not read. */
        static Field of(String key) {
            return BY_KEY.get(key);
        }
    }

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

    /** Reads one entry of the model: {@code value} as the model holds it, read through {@link UcmLeg#valueText}. */
    void read(String key, Object value) {
        Field field = Field.of(key);
        if (field != null) { // (other keys are not read by the tracker)
            set(field, UcmLeg.valueText(value));
        }
    }

    /**
     * Sets one field to its value's text as {@link UcmLeg#valueText} reads it (null when absent, empty or blank):
     * the model's entries through {@link #read}, {@link ActiveCallSpans}' straight from the frame's bytes.
     */
    void set(Field field, String text) {
        switch (field) {
            case ACTION -> action = text;
            case CHANNEL -> channel = text;
            case CHANNEL1 -> {
                bridge = true;
                channel1 = text;
            }
            case CHANNEL2 -> {
                bridge = true;
                channel2 = text;
            }
            case LINKEDID -> linkedid = text;
            case UNIQUEID -> uniqueid = text;
            case STATE -> state = text;
            case CHANTYPE -> chantype = text;
            case CALLERNUM -> callernum = text;
            case CALLERNAME -> callername = text;
            case CONNECTEDNUM -> connectednum = text;
            case CONNECTEDNAME -> connectedname = text;
            case INBOUND_TRUNK_NAME -> inboundTrunk = text;
            case OUTBOUND_TRUNK_NAME -> outboundTrunk = text;
            case SERVICE -> service = text;
            case ALLOC_TIME -> allocTime = text;
            case BRIDGE_TIME -> bridgeTime = text;
            case UNIQUEID1 -> uniqueid1 = text;
            case UNIQUEID2 -> uniqueid2 = text;
            case CALLERID1 -> callerid1 = text;
            case CALLERID2 -> callerid2 = text;
            case NAME1 -> name1 = text;
            case NAME2 -> name2 = text;
            case CAUSE_TXT -> causeTxt = text;
            case CAUSE -> cause = text;
            case HANGUPCAUSE -> hangupCause = text;
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
