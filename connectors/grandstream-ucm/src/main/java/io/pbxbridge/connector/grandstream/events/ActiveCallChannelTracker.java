package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code ActiveCallStatus} channel frames into call lifecycle steps, like Yeastar's reports.
 *
 * <p>Why state is needed: the UCM reports channels, not calls; it repeats add/update frames for one
 * channel; and a {@code delete} carries only the channel name. So the tracker remembers channel →
 * call ({@code linkedid}) and per call which steps were already emitted. Every step is keyed by the
 * call's {@code linkedid}, from its first leg to its last:
 * <ul>
 *   <li>INBOUND_REQUEST — with Call Control on, an inbound trunk leg ringing (once per channel; its
 *       {@code leg_ref} is the channel that acceptCall/refuseCall need);</li>
 *   <li>RINGING — the first leg in state Ring/Ringing (before the call is answered), once per call;</li>
 *   <li>ANSWERED — the first leg Up or bridged (a leg with {@code chantype} bridge, or a bridge entry),
 *       once per call; a later leg reaching Up is UPDATED with that leg alone;</li>
 *   <li>HELD / RESUMED — a leg state naming hold, and its return (UCM documents no hold flag: unverified);</li>
 *   <li>TRANSFERRED — a channel bridged to a different partner than before, or two calls bridged;</li>
 *   <li>ENDED — the call's last channel deleted, exactly once; frames for a channel already deleted
 *       are ignored (channel names are never reused), so a repeated or late frame revives nothing.</li>
 * </ul>
 * Roles come from the documented fields ({@link UcmLeg#callerByFields}; a bridge's {@code channel1} is
 * "the calling channel"), the first leg of a call only when the fields say nothing.
 * {@link #resync} diffs the tracked channels against {@code listBridgedChannels} and
 * {@code listUnBridgedChannels} after a WebSocket reconnect with the same rules, so calls that ended
 * while disconnected end, calls that started appear, and nothing already emitted is repeated.
 * Not thread-safe: one tracker per PBX, used on one context.
 */
public final class ActiveCallChannelTracker {
    public static final int DEFAULT_MAX_CALLS = 10_000;
    /**
     * Live legs tracked per call. A ring group or queue rings dozens at most; a PBX (or a peer feeding it) that
     * keeps adding channels to one call must not grow it without end. Legs beyond it are counted, not tracked.
     */
    static final int MAX_LEGS_PER_CALL = 256;
    /** Hung-up legs an ENDED event lists; a queue call that rang agents for an hour lists the first ones and a count. */
    static final int MAX_PARTIES_LISTED = 64;

    private final boolean callControl;
    private final int maxCalls;
    /**
     * What {@link #firstStepAlone} evaluates with, by call control off/on: trackers whose maps stay empty (only
     * their rules are used), so shared by all threads.
     */
    private static final ActiveCallChannelTracker[] RULES = {new ActiveCallChannelTracker(false, 1, 0),
            new ActiveCallChannelTracker(true, 1, 0)};
    private long evicted;
    private long legsNotTracked;
    /** True while a resync runs: a call first seen answered then also gets the RINGING it had. */
    private boolean resyncing;
    private final Map<String, String> callOfChannel;
    private final Map<String, TrackedCall> calls;
    /** Channel → the channel it was last bridged with; kept after that partner left, to see a transfer. */
    private final Map<String, String> partner;
    /** Channels deleted lately (bounded): a frame naming one again must not start a call anew. */
    private final Set<String> deleted;

    public ActiveCallChannelTracker(boolean callControl) {
        this(callControl, DEFAULT_MAX_CALLS);
    }

    /**
     * @param maxCalls bound on tracked calls: a call whose deletes were lost (and that no resync has
     *                 cleared yet) must not leak memory; beyond the bound the oldest call is forgotten
     */
    public ActiveCallChannelTracker(boolean callControl, int maxCalls) {
        this(callControl, maxCalls, 16);
    }

    /** @param capacity initial capacity of the maps (a frame's tracker needs room for a call or two) */
    private ActiveCallChannelTracker(boolean callControl, int maxCalls, int capacity) {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be at least 1");
        }
        this.callControl = callControl;
        this.maxCalls = maxCalls;
        this.callOfChannel = new HashMap<>(capacity);
        this.calls = new LinkedHashMap<>(capacity);
        this.partner = new HashMap<>(capacity);
        int deletedBound = Math.max(64, maxCalls * 4);
        this.deleted = java.util.Collections.newSetFromMap(new LinkedHashMap<>(capacity) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > deletedBound;
            }
        });
    }

    /**
     * A tracker for the items of one frame (a report normalized on its own, which no later frame continues):
     * the same rules, with maps sized for the call or two a frame names (made afresh for every push).
     */
    static ActiveCallChannelTracker forOneFrame(boolean callControl) {
        return new ActiveCallChannelTracker(callControl, DEFAULT_MAX_CALLS, 4);
    }

    /**
     * The live channels of call {@code linkedid} as the frames described them, for resolving a command's
     * call_id to channels (read on the same context as {@link #apply}).
     */
    public List<UcmLeg> liveLegs(String linkedid) {
        TrackedCall call = linkedid == null ? null : calls.get(linkedid);
        return call == null ? List.of() : List.copyOf(call.legs.values());
    }

    /** Calls forgotten because the bound was reached. */
    public long evicted() {
        return evicted;
    }

    /** Channels not tracked because their call already had {@link #MAX_LEGS_PER_CALL} live legs. */
    public long legsNotTracked() {
        return legsNotTracked;
    }

    private TrackedCall callFor(String callId) {
        TrackedCall call = calls.get(callId);
        if (call != null) {
            return call;
        }
        if (calls.size() >= maxCalls) {
            TrackedCall oldest = calls.values().iterator().next();
            calls.remove(oldest.id);
            oldest.legs.keySet().forEach(ch -> {
                callOfChannel.remove(ch);
                partner.remove(ch);
            });
            evicted++;
        }
        call = new TrackedCall(callId);
        calls.put(callId, call);
        return call;
    }

    /**
     * Applies one item of an ActiveCallStatus {@code eventbody}, as {@link UcmFrame} read it while checking the
     * frame: a leg ({@code channel}) or a bridge ({@code channel1}/{@code channel2}).
     */
    List<CallTransition> apply(ActiveCallItem item) {
        String action = action(item.action);
        String typeRaw = typeRaw(action);
        if (item.bridge) {
            return applyBridge(item, "delete".equals(action), typeRaw);
        }
        String channel = item.channel;
        if (channel == null) {
            return List.of();
        }
        if ("delete".equals(action)) {
            return removeLeg(channel, typeRaw, item.cause());
        }
        return upsertLeg(UcmLeg.of(item), typeRaw, item.allocTime);
    }

    /**
     * What a fresh tracker's {@link #apply} gives for the only item of a frame normalized on its own, when that
     * item is a leg's add or update: its call's first step, with no tracker at all (nothing reads its state
     * after it). Null for any other item (a bridge, a delete), which needs {@link #forOneFrame}'s tracker.
     */
    static List<CallTransition> firstStepAlone(boolean callControl, ActiveCallItem item) {
        String action = action(item.action);
        if (item.bridge || item.channel == null || "delete".equals(action)) {
            return null;
        }
        UcmLeg incoming = UcmLeg.of(item);
        TrackedCall call = new TrackedCall(first(incoming.linkedid(), incoming.uniqueid(), incoming.channel()));
        // (the rules touch only the call: a shared tracker's maps stay empty)
        return RULES[callControl ? 1 : 0].firstLeg(call, incoming, typeRaw(action), item.allocTime);
    }

    /** A call's first (or further) leg joins it, with its role, and what that changes is evaluated. */
    private List<CallTransition> firstLeg(TrackedCall call, UcmLeg incoming, String typeRaw, String time) {
        Boolean byFields = incoming.callerByFields();
        UcmLeg leg = incoming.withCaller(byFields != null ? byFields : call.legs.isEmpty());
        call.legs.put(leg.channel(), leg);
        return evaluate(call, null, leg, typeRaw, time);
    }

    /**
     * Reconciles with a fresh listing: {@code bridged} rows of listBridgedChannels and
     * {@code unbridged} rows of listUnBridgedChannels.
     */
    public List<CallTransition> resync(JsonArray bridged, JsonArray unbridged) {
        resyncing = true;
        try {
            return doResync(bridged, unbridged);
        } finally {
            resyncing = false;
        }
    }

    private List<CallTransition> doResync(JsonArray bridgedRows, JsonArray unbridgedRows) {
        List<ActiveCallItem> unbridged = items(unbridgedRows);
        List<ActiveCallItem> bridged = items(bridgedRows);
        Set<String> present = new LinkedHashSet<>();
        for (ActiveCallItem row : unbridged) {
            if (row.channel != null) {
                present.add(row.channel);
            }
        }
        for (ActiveCallItem row : bridged) {
            String c1 = row.channel1;
            String c2 = row.channel2;
            if (c1 != null) {
                present.add(c1);
            }
            if (c2 != null) {
                present.add(c2);
            }
        }
        List<CallTransition> out = new ArrayList<>();
        for (String channel : new ArrayList<>(callOfChannel.keySet())) {
            if (!present.contains(channel)) {
                out.addAll(removeLeg(channel, "resync", null));
            }
        }
        for (ActiveCallItem row : unbridged) {
            if (row.channel != null) {
                out.addAll(upsertLeg(UcmLeg.of(row), "resync", row.allocTime));
            }
        }
        for (ActiveCallItem row : bridged) {
            out.addAll(applyBridge(row, false, "resync"));
        }
        return out;
    }

    /** Channels currently tracked (for metrics and tests). */
    public int trackedChannels() {
        return callOfChannel.size();
    }

    public int activeCalls() {
        return calls.size();
    }

    private List<CallTransition> upsertLeg(UcmLeg incoming, String typeRaw, String time) {
        String channel = incoming.channel();
        String callId = callOfChannel.get(channel);
        if (callId == null) {
            if (!deleted.isEmpty() && deleted.contains(channel)) {
                return List.of();
            }
            callId = first(incoming.linkedid(), incoming.uniqueid(), channel);
            if (!fits(callId, 1)) {
                legsNotTracked++;
                return List.of();
            }
            TrackedCall call = callFor(callId);
            callOfChannel.put(channel, callId);
            return firstLeg(call, incoming, typeRaw, time);
        }
        TrackedCall call = calls.get(callId);
        UcmLeg old = call.legs.get(channel);
        UcmLeg merged = old.merge(incoming);
        if (merged.equals(old)) {
            return List.of();
        }
        call.legs.put(channel, merged);
        return evaluate(call, old, merged, typeRaw, time);
    }

    private List<CallTransition> evaluate(TrackedCall call, UcmLeg old, UcmLeg leg, String typeRaw, String time) {
        List<CallTransition> out = new ArrayList<>(2); // (two at most: a RINGING recovered by a resync, then ANSWERED)
        if (callControl && leg.inboundRinging() && leg.caller() && !call.answered) {
            if (call.firstInboundRequest(leg.channel())) {
                out.add(transition(CallEventType.INBOUND_REQUEST, call, List.of(leg.toParty(null)), typeRaw,
                        "inbound call waits for acceptCall/refuseCall (Call Control; accepted after 10 s)", time));
            }
            return out;
        }
        if (leg.held()) {
            if (!call.held) {
                call.held = true;
                out.add(transition(CallEventType.HELD, call, parties(call), typeRaw, null, time));
            }
            return out;
        }
        if (old != null && old.held() && call.held && call.legs.values().stream().noneMatch(UcmLeg::held)) {
            call.held = false;
            out.add(transition(CallEventType.RESUMED, call, parties(call), typeRaw, null, time));
            return out;
        }
        if (leg.up()) {
            if (!call.answered) {
                recoverRinging(call, typeRaw, out, time);
                call.answered = true;
                out.add(transition(CallEventType.ANSWERED, call, parties(call), typeRaw, null, time));
            } else if (old == null || !old.up()) {
                out.add(transition(CallEventType.UPDATED, call, List.of(leg.toParty(null)), typeRaw,
                        "leg answered", time));
            }
            return out;
        }
        if (leg.ringing() && !call.ringing && !call.answered) {
            call.ringing = true;
            out.add(transition(CallEventType.RINGING, call, parties(call), typeRaw, null, time));
        }
        return out;
    }

    private List<CallTransition> removeLeg(String channel, String typeRaw, String cause) {
        String callId = callOfChannel.remove(channel);
        deleted.add(channel);
        if (callId == null) {
            return List.of();
        }
        partner.remove(channel);
        TrackedCall call = calls.get(callId);
        UcmLeg leg = call.legs.remove(channel);
        if (call.gone.size() < MAX_PARTIES_LISTED) {
            call.gone.add(leg);
        } else {
            call.goneNotListed++;
        }
        if (cause != null) {
            call.cause = cause;
        }
        if (!call.legs.isEmpty()) {
            return List.of();
        }
        calls.remove(callId);
        List<Party> parties = new ArrayList<>(call.gone.size()); // (a loop: a stream here cost more than the parties)
        for (UcmLeg gone : call.gone) {
            parties.add(gone.toParty(LegState.HUNG_UP));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("answered", Boolean.toString(call.answered));
        if (call.goneNotListed > 0) {
            attributes.put("parties_not_listed", Long.toString(call.goneNotListed));
        }
        if (call.cause != null) {
            attributes.put("hangup_cause", call.cause);
        }
        String reason = call.cause != null ? call.cause
                : call.answered ? "hung up" : "ended before it was answered";
        return List.of(new CallTransition(CallEventType.ENDED, call.id, typeRaw, parties, reason, attributes, null));
    }

    private List<CallTransition> applyBridge(ActiveCallItem item, boolean delete, String typeRaw) {
        String c1 = item.channel1;
        String c2 = item.channel2;
        if (c1 == null || c2 == null || delete) {
            // A bridge delete ends nothing by itself (its legs' deletes do); the pair stays remembered:
            // re-bridging the same two is nothing new, a different partner is a transfer.
            return List.of();
        }
        if (deleted.contains(c1) || deleted.contains(c2)) {
            return List.of(); // a late bridge frame for a leg already gone
        }
        if (c2.equals(partner.get(c1)) && c1.equals(partner.get(c2))) {
            return List.of();
        }
        String time = item.bridgeTime;
        List<CallTransition> out = new ArrayList<>();
        String linkedid = item.linkedid;
        // The calls the two channels join if not tracked yet (null if tracked): c2's may be the one c1 joins.
        String id1 = callOfChannel.containsKey(c1) ? null : first(linkedid, callOfChannel.get(c2), item.uniqueid1, c1);
        String id2 = callOfChannel.containsKey(c2) ? null
                : first(linkedid, id1 != null ? id1 : callOfChannel.get(c1), item.uniqueid1, c2);
        if (!roomFor(id1, 1, id2, 1)) {
            legsNotTracked++;
            return List.of();
        }
        ensureLeg(item, c1, id1, linkedid, item.uniqueid1, item.callerid1, item.name1, true);
        ensureLeg(item, c2, id2, linkedid, item.uniqueid2, item.callerid2, item.name2, false);
        String p1 = partner.get(c1);
        String p2 = partner.get(c2);
        TrackedCall call1 = calls.get(callOfChannel.get(c1));
        TrackedCall call2 = calls.get(callOfChannel.get(c2));
        boolean transfer = (p1 != null && !p1.equals(c2)) || (p2 != null && !p2.equals(c1)) || call1 != call2;
        partner.put(c1, c2);
        partner.put(c2, c1);
        if (transfer) {
            Map<String, String> attrs = new LinkedHashMap<>();
            if (p1 != null && !p1.equals(c2)) {
                attrs.put("replaced_channel", p1);
            } else if (p2 != null && !p2.equals(c1)) {
                attrs.put("replaced_channel", p2);
            }
            if (call1 != call2) {
                attrs.put("other_call_id", call2.id);
            }
            attrs.put("bridged_with", c2);
            call1.answered = true;
            call2.answered = true;
            List<Party> parties = new ArrayList<>(parties(call1));
            if (call1 != call2) {
                parties.addAll(parties(call2));
            }
            out.add(new CallTransition(CallEventType.TRANSFERRED, call1.id, typeRaw, parties, null, attrs, time));
            return out;
        }
        if (!call1.answered) {
            recoverRinging(call1, typeRaw, out, time);
            call1.answered = true;
            out.add(transition(CallEventType.ANSWERED, call1, parties(call1), typeRaw, null, time));
        }
        return out;
    }

    /**
     * The one check of {@link #MAX_LEGS_PER_CALL}: whether {@code legs} new legs fit call {@code id} and
     * {@code legs2} fit call {@code id2} (either id null: none for it; the same call: both count against it).
     */
    private boolean roomFor(String id, int legs, String id2, int legs2) {
        if (id != null && id.equals(id2)) {
            return fits(id, legs + legs2);
        }
        return fits(id, legs) && fits(id2, legs2);
    }

    private boolean fits(String id, int legs) {
        TrackedCall call = id == null ? null : calls.get(id);
        return (call == null ? 0 : call.legs.size()) + legs <= MAX_LEGS_PER_CALL;
    }

    /**
     * Makes sure a bridged channel is tracked (a bridge row may be the first we hear of it, e.g. on
     * resync); such a leg takes its role from its place: {@code channel1} is the calling channel.
     *
     * @param newCallId the call the channel joins if it is not tracked yet (the one {@link #roomFor} was asked about)
     */
    private void ensureLeg(ActiveCallItem item, String channel, String newCallId, String linkedid, String uniqueid,
                           String callerid, String name, boolean caller) {
        String callId = callOfChannel.get(channel);
        UcmLeg fromBridge = new UcmLeg(channel, linkedid, uniqueid, "Up", "bridge", callerid, name, null, null,
                item.inboundTrunk, item.outboundTrunk, null, caller);
        if (callId == null) {
            callFor(newCallId).legs.put(channel, fromBridge);
            callOfChannel.put(channel, newCallId);
            return;
        }
        TrackedCall call = calls.get(callId);
        UcmLeg old = call.legs.get(channel);
        if (!old.up() && !old.held()) {
            call.legs.put(channel, old.withState("Up"));
        }
    }

    /**
     * A call that rang and was answered while the event channel was down shows up answered in the
     * listings; its RINGING is emitted first so consumers still see the whole lifecycle.
     */
    private void recoverRinging(TrackedCall call, String typeRaw, List<CallTransition> out, String time) {
        if (resyncing && !call.ringing) {
            call.ringing = true;
            out.add(transition(CallEventType.RINGING, call, parties(call), typeRaw,
                    "recovered by resync: the call rang while the event channel was down", time));
        }
    }

    /** {@code "ActiveCallStatus/" + action}, without a new String for the documented actions. */
    private static String typeRaw(String action) {
        return switch (action) {
            case "add" -> "ActiveCallStatus/add";
            case "update" -> "ActiveCallStatus/update";
            case "delete" -> "ActiveCallStatus/delete";
            default -> "ActiveCallStatus/" + action;
        };
    }

    private static CallTransition transition(CallEventType type, TrackedCall call, List<Party> parties, String typeRaw,
                                             String reason, String time) {
        return new CallTransition(type, call.id, typeRaw, parties, reason, Map.of(), time);
    }

    private static List<Party> parties(TrackedCall call) {
        List<Party> out = new ArrayList<>(call.legs.size());
        for (UcmLeg leg : call.legs.values()) {
            out.add(leg.toParty(null));
        }
        return out;
    }

    private static List<ActiveCallItem> items(JsonArray rows) {
        List<ActiveCallItem> out = new ArrayList<>();
        if (rows != null) {
            for (Object o : rows) {
                if (o instanceof JsonObject row) {
                    out.add(ActiveCallItem.of(row));
                }
            }
        }
        return out;
    }

    private static String first(String a, String b, String c) {
        return usable(a) ? a : usable(b) ? b : usable(c) ? c : null;
    }

    private static boolean usable(String v) {
        return v != null && !v.isBlank();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (usable(v)) {
                return v;
            }
        }
        return null;
    }

    /** The item's action in lower case ({@code update} when it names none), without a copy for the documented ones. */
    private static String action(String raw) {
        if (raw == null) {
            return "update";
        }
        return switch (raw) {
            case "add", "update", "delete" -> raw;
            default -> raw.toLowerCase(Locale.ROOT);
        };
    }

    private static final class TrackedCall {
        final String id;
        /** Most calls have two legs: room for them without a resize. */
        final LinkedHashMap<String, UcmLeg> legs = new LinkedHashMap<>(4);
        final List<UcmLeg> gone = new ArrayList<>();
        long goneNotListed;
        /** The first channel an INBOUND_REQUEST was emitted for; a set only for further ones (a call has one, mostly). */
        private String inboundRequested;
        private Set<String> moreInboundRequested;
        boolean ringing;
        boolean answered;
        boolean held;
        String cause;

        TrackedCall(String id) {
            this.id = id;
        }

        /** Whether no INBOUND_REQUEST was emitted for {@code channel} yet; it is noted as emitted. */
        boolean firstInboundRequest(String channel) {
            if (inboundRequested == null) {
                inboundRequested = channel;
                return true;
            }
            if (inboundRequested.equals(channel)) {
                return false;
            }
            if (moreInboundRequested == null) {
                moreInboundRequested = new HashSet<>();
            }
            return moreInboundRequested.add(channel);
        }
    }
}
