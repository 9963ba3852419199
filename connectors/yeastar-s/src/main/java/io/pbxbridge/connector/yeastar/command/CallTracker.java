package io.pbxbridge.connector.yeastar.command;

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
 * The live calls of one PBX, learned from the records the bridge normalizes, so a command may name
 * a call by its {@code call_id} (and an extension) instead of the vendor handle (inboundid,
 * outboundid, channelid) Yeastar needs.
 *
 * <p>Bounded: at most {@code maxCalls} calls (the least recently updated goes first) and none older
 * than {@code maxAge} since its last event, because a lost BYE/CDR must not leak memory.
 * Thread-safe: reports arrive on ingress threads while commands run on the session's context.
 */
public final class CallTracker {
    public static final int DEFAULT_MAX_CALLS = 10_000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(4);

    private final RecentCalls<TrackedCall> calls;

    public CallTracker() {
        this(DEFAULT_MAX_CALLS, DEFAULT_MAX_AGE, Clock.systemUTC());
    }

    public CallTracker(int maxCalls, Duration maxAge, Clock clock) {
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

    public synchronized Optional<TrackedLeg> inbound(String callId) {
        return first(callId, TrackedLeg.Kind.INBOUND);
    }

    public synchronized Optional<TrackedLeg> outbound(String callId) {
        return first(callId, TrackedLeg.Kind.OUTBOUND);
    }

    /** The inbound leg, else the outbound leg: the external side of a call. */
    public synchronized Optional<TrackedLeg> trunkLeg(String callId) {
        return first(callId, TrackedLeg.Kind.INBOUND).or(() -> first(callId, TrackedLeg.Kind.OUTBOUND));
    }

    /** The leg of {@code extension} in the call. */
    public synchronized Optional<TrackedLeg> extensionLeg(String callId, String extension) {
        return legs(callId).stream()
                .filter(l -> l.kind() == TrackedLeg.Kind.EXTENSION && extension.equals(l.number()))
                .findFirst();
    }

    /** The v2 channel id of {@code extension} in the call. */
    public synchronized Optional<String> channel(String callId, String extension) {
        return extensionLeg(callId, extension).map(TrackedLeg::legRef);
    }

    public synchronized List<TrackedLeg> extensionLegs(String callId) {
        return legs(callId).stream().filter(l -> l.kind() == TrackedLeg.Kind.EXTENSION).toList();
    }

    public synchronized List<TrackedLeg> legs(String callId) {
        TrackedCall call = callId == null ? null : calls.get(callId);
        return call == null ? List.of() : List.copyOf(call.legs.values());
    }

    /** A leg anywhere by its handle (the call id is optional in a command). */
    public synchronized Optional<TrackedLeg> legByRef(String legRef) {
        for (TrackedCall call : calls.oldestFirst()) {
            for (TrackedLeg leg : call.legs.values()) {
                if (leg.legRef().equals(legRef)) {
                    return Optional.of(leg);
                }
            }
        }
        return Optional.empty();
    }

    /** The leg of {@code extension} in its most recently updated call. */
    public synchronized Optional<TrackedLeg> latestLegOfExtension(String extension) {
        List<TrackedCall> oldestFirst = calls.oldestFirst();
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            for (TrackedLeg leg : oldestFirst.get(i).legs.values()) {
                if (leg.kind() == TrackedLeg.Kind.EXTENSION && extension.equals(leg.number())) {
                    return Optional.of(leg);
                }
            }
        }
        return Optional.empty();
    }

    public synchronized boolean knows(String callId) {
        return calls.get(callId) != null;
    }

    public synchronized int size() {
        return calls.size();
    }

    private Optional<TrackedLeg> first(String callId, TrackedLeg.Kind kind) {
        return legs(callId).stream().filter(l -> l.kind() == kind).findFirst();
    }

    private void onCallEvent(CallEvent event) {
        String callId = event.getCallId();
        if (event.getType() == CallEventType.ENDED) {
            calls.remove(callId);
            return;
        }
        TrackedCall call = calls.remove(callId);
        if (call == null) {
            call = new TrackedCall();
        }
        for (Party party : event.getParties()) {
            TrackedLeg leg = legOf(party);
            if (leg == null) {
                continue;
            }
            String key = leg.kind() + "|" + leg.legRef();
            if (party.getState() == LegState.HUNG_UP) {
                call.legs.remove(key);
            } else {
                call.legs.put(key, merge(call.legs.get(key), leg));
            }
        }
        // A call whose every leg hung up is over even before its BYE/CDR arrives.
        if (!call.legs.isEmpty() || !call.everHadLegs) {
            call.everHadLegs |= !call.legs.isEmpty();
            calls.put(callId, call);
        }
    }

    /** Later events may omit what earlier ones said (trunk name, number): keep the known values. */
    private static TrackedLeg merge(TrackedLeg old, TrackedLeg now) {
        if (old == null) {
            return now;
        }
        return new TrackedLeg(now.kind(), now.legRef(),
                now.number() != null ? now.number() : old.number(),
                now.trunk() != null ? now.trunk() : old.trunk());
    }

    static TrackedLeg legOf(Party party) {
        TrackedLeg.Kind kind = kindOf(party);
        if (kind == null) {
            return null;
        }
        String ref = party.getLegRef();
        if ((ref == null || ref.isBlank()) && kind == TrackedLeg.Kind.EXTENSION) {
            ref = party.getNumber(); // v1 commands address an extension leg by its number
        }
        if (ref == null || ref.isBlank()) {
            return null;
        }
        return new TrackedLeg(kind, ref, party.getNumber(), party.getTrunk());
    }

    private static TrackedLeg.Kind kindOf(Party party) {
        String raw = party.getKindRaw();
        if (raw != null) {
            switch (raw) {
                case "ext", "extnumber" -> {
                    return TrackedLeg.Kind.EXTENSION;
                }
                case "inbound" -> {
                    return TrackedLeg.Kind.INBOUND;
                }
                case "outbound" -> {
                    return TrackedLeg.Kind.OUTBOUND;
                }
                default -> {
                    // fall through to the normalized kind
                }
            }
        }
        PartyKind kind = party.getKind();
        if (kind == PartyKind.EXTENSION) {
            return TrackedLeg.Kind.EXTENSION;
        }
        if (kind == PartyKind.EXTERNAL || kind == PartyKind.TRUNK) {
            if (party.getRole() == PartyRole.CALLER) {
                return TrackedLeg.Kind.INBOUND;
            }
            if (party.getRole() == PartyRole.CALLEE) {
                return TrackedLeg.Kind.OUTBOUND;
            }
        }
        return null;
    }

    private static final class TrackedCall {
        final LinkedHashMap<String, TrackedLeg> legs = new LinkedHashMap<>();
        boolean everHadLegs;
    }
}
