package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One channel (leg) of an {@code ActiveCallStatus} call as last reported. {@code update} frames may
 * carry only some fields, so {@link #merge} keeps what a frame leaves out.
 *
 * <p>Asterisk names channels {@code TECH/peer-seq}: {@code PJSIP/1001-0000000a} is extension 1001,
 * {@code PJSIP/trunk_1-00000002} (or a DAHDI channel) is a trunk. On every leg {@code callernum} is
 * that leg's own number and {@code connectednum} the far side (spec B.3); seed 004 Table 27:
 * {@code connectednum} is {@code s} "when the channel is not bridged", a placeholder, never a number.
 */
public record UcmLeg(String channel, String linkedid, String uniqueid, String state, String chantype,
                     String callernum, String callername, String connectednum, String connectedname,
                     String inboundTrunk, String outboundTrunk, String service, boolean caller) {

    /** The leg an ActiveCallStatus leg item (or an unbridged listing row) describes; its role is set later. */
    static UcmLeg of(ActiveCallItem item) {
        return new UcmLeg(item.channel, item.linkedid, item.uniqueid, item.state, item.chantype, item.callernum,
                item.callername, item.connectednum, item.connectedname, item.inboundTrunk, item.outboundTrunk,
                item.service, false);
    }

    /** Fields of {@code newer} win where present; the role stays as first seen. */
    public UcmLeg merge(UcmLeg newer) {
        return new UcmLeg(channel, or(newer.linkedid, linkedid), or(newer.uniqueid, uniqueid), or(newer.state, state),
                or(newer.chantype, chantype), or(newer.callernum, callernum), or(newer.callername, callername),
                or(newer.connectednum, connectednum), or(newer.connectedname, connectedname),
                or(newer.inboundTrunk, inboundTrunk), or(newer.outboundTrunk, outboundTrunk),
                or(newer.service, service), caller);
    }

    /**
     * The leg's role as its own documented fields tell it, or null when they do not:
     * an inbound trunk leg ({@code inbound_trunk_name}) calls, an outbound trunk leg
     * ({@code outbound_trunk_name}) is called; otherwise the channel that started the call (its
     * {@code uniqueid} is the call's {@code linkedid}) is the calling one; failing ids, Asterisk's
     * state names the side: {@code Ring} is the calling channel, {@code Ringing} the called one.
     */
    public Boolean callerByFields() {
        // (the trunk test only where one trunk name is given: a leg's channel is classified only if it matters)
        if (inboundTrunk != null && outboundTrunk == null && isTrunk()) {
            return true;
        }
        if (outboundTrunk != null && inboundTrunk == null && isTrunk()) {
            return false;
        }
        if (uniqueid != null && linkedid != null) {
            return uniqueid.equals(linkedid);
        }
        if ("ring".equalsIgnoreCase(state)) {
            return true;
        }
        if ("ringing".equalsIgnoreCase(state)) {
            return false;
        }
        return null;
    }

    /** A number field's value, or null for a placeholder ({@code s}: not bridged; Asterisk's {@code <unknown>}). */
    public static String number(String raw) {
        if (raw == null || raw.isBlank() || "s".equals(raw) || "<unknown>".equalsIgnoreCase(raw)) {
            return null;
        }
        return raw;
    }

    public UcmLeg withCaller(boolean isCaller) {
        if (isCaller == caller) {
            return this; // (immutable: the leg as it is)
        }
        return new UcmLeg(channel, linkedid, uniqueid, state, chantype, callernum, callername, connectednum,
                connectedname, inboundTrunk, outboundTrunk, service, isCaller);
    }

    public UcmLeg withState(String newState) {
        return new UcmLeg(channel, linkedid, uniqueid, newState, chantype, callernum, callername, connectednum,
                connectedname, inboundTrunk, outboundTrunk, service, caller);
    }

    /** The peer part of the channel name: {@code PJSIP/trunk_1-00000002} → {@code trunk_1}. */
    public String peer() {
        if (channel == null) {
            return null;
        }
        int start = peerStart();
        return channel.substring(start, peerEnd(start));
    }

    /** Where {@link #peer} starts in the channel name: after the first slash. */
    private int peerStart() {
        return channel.indexOf('/') + 1;
    }

    /** Where {@link #peer} (starting at {@code start}) ends in the channel name: at the last dash, unless that would leave it empty. */
    private int peerEnd(int start) {
        int dash = channel.lastIndexOf('-');
        return dash > start ? dash : channel.length();
    }

    public boolean isTrunk() {
        return channel != null && (peerStartsWithTrunk() || startsWithIgnoringCase(channel, "DAHDI/", true));
    }

    public boolean isExtension() {
        return !isTrunk() && channel != null && peerAllDigits();
    }

    /**
     * {@code startsWithIgnoringCase(peer(), "trunk", false)} without cutting the peer out of the channel
     * name (asked several times per frame).
     */
    private boolean peerStartsWithTrunk() {
        int from = peerStart();
        int length = peerEnd(from) - from;
        String prefix = "trunk";
        for (int i = 0; i < prefix.length(); i++) {
            if (i >= length) {
                return false;
            }
            char c = channel.charAt(from + i);
            if (c >= 0x80) {
                return startsWithIgnoringCase(peer(), prefix, false);
            }
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code peer().matches("\\d+")}: one or more of 0-9. */
    private boolean peerAllDigits() {
        int from = peerStart();
        int end = peerEnd(from);
        for (int i = from; i < end; i++) {
            char c = channel.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return end > from;
    }

    /**
     * {@code s.toLowerCase(ROOT).startsWith(prefix)} (or toUpperCase with {@code upper}) for an ASCII prefix
     * in that case, without the copy while {@code s} starts with ASCII (which case-maps one to one).
     */
    static boolean startsWithIgnoringCase(String s, String prefix, boolean upper) {
        for (int i = 0; i < prefix.length(); i++) {
            if (i >= s.length()) {
                return false;
            }
            char c = s.charAt(i);
            if (c >= 0x80) {
                return upper ? s.toUpperCase(Locale.ROOT).startsWith(prefix) : s.toLowerCase(Locale.ROOT).startsWith(prefix);
            }
            char mapped = upper ? (c >= 'a' && c <= 'z' ? (char) (c - 32) : c) : (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            if (mapped != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public boolean ringing() {
        return "ring".equalsIgnoreCase(state) || "ringing".equalsIgnoreCase(state);
    }

    public boolean up() {
        return "up".equalsIgnoreCase(state) || "bridge".equalsIgnoreCase(chantype);
    }

    /** UCM has no documented hold flag on a leg; a state naming hold is taken as one (unverified). */
    public boolean held() {
        return state != null && lowerCase(state).contains("hold");
    }

    /** An inbound trunk leg still ringing: with Call Control on, it waits for acceptCall/refuseCall. */
    public boolean inboundRinging() {
        return inboundTrunk != null && ringing() && isTrunk(); // (the channel classified last: it costs most)
    }

    public String trunkName() {
        return isTrunk() ? namedTrunk() : null;
    }

    /** The trunk of a trunk leg: the one its role names, else either named, else the channel's peer. */
    private String namedTrunk() {
        String named = or(caller ? inboundTrunk : outboundTrunk, or(inboundTrunk, outboundTrunk));
        return named != null ? named : peer(); // (the peer only when no trunk is named: it is a new String)
    }

    public Party toParty(LegState override) {
        boolean trunk = isTrunk();
        boolean extension = !trunk && channel != null && peerAllDigits(); // isExtension(), the channel classified once
        PartyKind kind = trunk ? PartyKind.EXTERNAL : extension ? PartyKind.EXTENSION : PartyKind.UNKNOWN;
        String own = number(callernum);
        String number = own != null ? own : (extension ? peer() : null);
        String far = number(connectednum);
        // Without the Avro builder (its defaults cost more than the party): role and kind are set, every
        // other field is optional; a field added to Party without a default of null must be set here.
        Party party = new Party();
        party.setRole(caller ? PartyRole.CALLER : PartyRole.CALLEE);
        party.setKind(kind);
        party.setKindRaw(trunk ? "trunk" : chantype);
        party.setNumber(number);
        party.setName(callername);
        party.setLegRef(channel);
        party.setState(override != null ? override : legState());
        party.setStateRaw(override == LegState.HUNG_UP ? "deleted" : state);
        party.setCallPath(service);
        if (trunk) {
            party.setTrunk(namedTrunk());
            party.setFromNumber(caller ? number : far);
            party.setToNumber(caller ? far : number);
        }
        return party;
    }

    private LegState legState() {
        if (state == null) {
            return LegState.UNKNOWN;
        }
        if (held()) {
            return LegState.HELD;
        }
        return switch (lowerCase(state)) {
            case "ring" -> caller ? LegState.RINGBACK : LegState.RINGING;
            case "ringing" -> LegState.RINGING;
            case "up" -> LegState.ANSWERED;
            default -> LegState.UNKNOWN;
        };
    }

    /**
     * {@code s.toLowerCase(Locale.ROOT)}, without a copy for the usual state names (Ring, Ringing, Up, Down):
     * the lower case of each is kept.
     */
    private static String lowerCase(String s) {
        return switch (s) {
            case "Ring" -> "ring";
            case "Ringing" -> "ringing";
            case "Up" -> "up";
            case "Down" -> "down";
            default -> s.toLowerCase(Locale.ROOT);
        };
    }

    /** A field as text; null when absent, empty or blank. */
    static String text(JsonObject o, String key) {
        return valueText(o.getMap().get(key)); // (the raw value: no getValue wrapping checks for a String)
    }

    /**
     * The one rule for reading a value as text: a string as it is, anything else as its JSON text (what
     * {@code JsonObject.getValue(key).toString()} gives: a number's or literal's text, a nested object or list
     * encoded); null when absent, empty or blank. The span reader hands over a string's text or a number's or
     * literal's JSON text, which this keeps as it is.
     */
    @SuppressWarnings("unchecked")
    static String valueText(Object value) {
        if (value == null) {
            return null;
        }
        String s;
        if (value instanceof String string) {
            s = string;
        } else if (value instanceof Map<?, ?> map) {
            s = new JsonObject((Map<String, Object>) map).encode();
        } else if (value instanceof List<?> list) {
            s = new JsonArray((List<Object>) list).encode();
        } else {
            s = value.toString();
        }
        return nonBlank(s);
    }

    /** {@code s}, or null when it is empty or blank; a value starting with a printable ASCII character is not blank. */
    static String nonBlank(String s) {
        if (s.isEmpty()) {
            return null;
        }
        char first = s.charAt(0);
        return (first > ' ' && first < 0x7f) || !s.isBlank() ? s : null;
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }
}
