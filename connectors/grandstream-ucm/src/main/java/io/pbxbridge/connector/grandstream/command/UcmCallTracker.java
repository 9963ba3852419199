package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.command.RecentCalls;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The channels of the live calls of one UCM, learned from the CallEvents the connector publishes
 * ({@code call_id} = linkedid, {@code leg_ref} = channel), so a command may name a call by its
 * {@code call_id} (and an extension) instead of the channel every UCM call action needs.
 *
 * <p>Bounded: at most {@code maxCalls} calls (least recently updated first out) and none idle longer
 * than {@code maxAge}, because a lost delete frame must not leak memory. Thread-safe: records arrive on
 * the WebSocket's context while commands run on the session's.
 */
public final class UcmCallTracker {
    public static final int DEFAULT_MAX_CALLS = 10_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(4);

    /** One channel of a call. {@code inbound} = an inbound trunk leg (INBOUND_REQUEST, or an external caller). */
    public record Leg(String channel, PartyKind kind, String number, boolean inbound) {
        boolean extension() {
            return kind == PartyKind.EXTENSION;
        }

        boolean external() {
            return kind == PartyKind.EXTERNAL || kind == PartyKind.TRUNK;
        }
    }

    private final RecentCalls<TrackedCall> calls;
    private volatile LiveChannels live = LiveChannels.NONE;

    public UcmCallTracker() {
        this(DEFAULT_MAX_CALLS, DEFAULT_MAX_AGE, Clock.systemUTC());
    }

    public UcmCallTracker(int maxCalls, Duration maxAge, Clock clock) {
        this.calls = new RecentCalls<>(maxCalls, maxAge, clock);
    }

    public void observe(List<NormalizedRecord> records) {
        if (records == null) {
            return;
        }
        synchronized (this) {
            for (NormalizedRecord record : records) {
                if (record.value() instanceof CallEvent event) {
                    onCallEvent(event);
                } else if (record.value() instanceof CallRecord cdr) {
                    calls.remove(cdr.getCallId());
                }
            }
        }
    }

    /**
     * A second source: the channels the WebSocket frames describe. The normalized events name each leg
     * only at lifecycle steps (the callee of a click-to-call may first appear in ENDED), so the frames fill in.
     */
    public void liveChannels(LiveChannels source) {
        this.live = source == null ? LiveChannels.NONE : source;
    }

    /** The call's channels: those the published events named, then those only the frames know. */
    public List<Leg> legs(String callId) {
        if (callId == null) {
            return List.of();
        }
        LinkedHashMap<String, Leg> merged = new LinkedHashMap<>();
        synchronized (this) {
            TrackedCall call = calls.get(callId);
            if (call != null) {
                merged.putAll(call.legs);
            }
        }
        for (Leg leg : live.legs(callId)) {
            merged.merge(leg.channel(), leg, (published, frame) -> published.number() == null ? frame : published);
        }
        return List.copyOf(merged.values());
    }

    public boolean knows(String callId) {
        return !legs(callId).isEmpty();
    }

    public synchronized int size() {
        return calls.size();
    }

    /** The channel of {@code extension} in the call. */
    public Optional<Leg> extensionLeg(String callId, String extension) {
        return legs(callId).stream().filter(l -> l.extension() && extension.equals(l.number())).findFirst();
    }

    /** The inbound trunk leg: the one announced by INBOUND_REQUEST, else an external caller. */
    public Optional<Leg> inboundLeg(String callId) {
        return legs(callId).stream().filter(Leg::inbound).findFirst();
    }

    /** The external side of a call: inbound leg first, else any trunk leg. */
    public Optional<Leg> externalLeg(String callId) {
        return inboundLeg(callId).or(() -> legs(callId).stream().filter(Leg::external).findFirst());
    }

    public List<Leg> extensionLegs(String callId) {
        return legs(callId).stream().filter(Leg::extension).toList();
    }

    /** The leg of {@code extension} in its most recently updated call (for commands that name only an extension). */
    public synchronized Optional<Leg> latestLegOfExtension(String extension) {
        List<TrackedCall> oldestFirst = calls.oldestFirst();
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            for (Leg leg : oldestFirst.get(i).legs.values()) {
                if (leg.extension() && extension.equals(leg.number())) {
                    return Optional.of(leg);
                }
            }
        }
        return Optional.empty();
    }

    private void onCallEvent(CallEvent event) {
        String callId = event.getCallId();
        if (callId == null) {
            return;
        }
        if (event.getType() == CallEventType.ENDED) {
            calls.remove(callId);
            return;
        }
        TrackedCall call = calls.remove(callId);
        if (call == null) {
            call = new TrackedCall();
        }
        boolean inboundRequest = event.getType() == CallEventType.INBOUND_REQUEST;
        for (Party party : event.getParties()) {
            String channel = party.getLegRef();
            if (channel == null || channel.isBlank()) {
                continue;
            }
            if (party.getState() == LegState.HUNG_UP) {
                call.legs.remove(channel);
                continue;
            }
            Leg old = call.legs.get(channel);
            PartyKind kind = party.getKind() == null ? PartyKind.UNKNOWN : party.getKind();
            boolean external = kind == PartyKind.EXTERNAL || kind == PartyKind.TRUNK;
            boolean inbound = inboundRequest || (old != null && old.inbound())
                    || (external && party.getRole() == PartyRole.CALLER);
            String number = party.getNumber() != null ? party.getNumber() : old == null ? null : old.number();
            call.legs.put(channel, new Leg(channel, kind, number, inbound));
        }
        calls.put(callId, call);
    }

    private static final class TrackedCall {
        final LinkedHashMap<String, Leg> legs = new LinkedHashMap<>();
    }
}
