package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.schema.CallTarget;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.pbxbridge.connector.yeastar.command.CommandFields.present;

/**
 * Turns a {@link CallTarget} into the handle an endpoint needs. An explicit {@code leg_ref} always
 * wins; the {@link CallTracker} is asked only when it is absent. When nothing resolves, the error
 * says which handle is missing and where a client finds it.
 */
final class LegResolver {
    private final CallTracker tracker;

    LegResolver(CallTracker tracker) {
        this.tracker = tracker;
    }

    /** A trunk leg (inbound or outbound, as {@code allowed}) for v1 endpoints keyed by inboundid/outboundid. */
    TrackedLeg trunkLeg(String field, CallTarget target, boolean inboundOnly) {
        String what = inboundOnly ? "an inbound call" : "an inbound/outbound call";
        if (target == null) {
            throw new InvalidCommandException(field + ": needs leg_ref or call_id of " + what);
        }
        if (present(target.getLegRef())) {
            String ref = CommandFields.legRef(field + ".leg_ref", target.getLegRef());
            Optional<TrackedLeg> known = tracker.legByRef(ref);
            if (known.isPresent()) {
                TrackedLeg leg = known.get();
                if (leg.kind() == TrackedLeg.Kind.EXTENSION || inboundOnly && leg.kind() != TrackedLeg.Kind.INBOUND) {
                    throw new InvalidCommandException(field + ": leg_ref " + ref + " is the " + leg.kind().label()
                            + " leg " + describe(leg) + "; needs the leg_ref of " + what);
                }
                return leg;
            }
            if (inboundOnly) {
                // Invite legs are inbound by definition; trust the client's id even if we missed the event.
                return new TrackedLeg(TrackedLeg.Kind.INBOUND, ref, null, null);
            }
            throw new InvalidCommandException(field + ": leg_ref " + ref + " is not a leg known to this bridge, so it"
                    + " cannot tell an inbound from an outbound call; pass the call_id of a live call");
        }
        if (!present(target.getCallId())) {
            throw new InvalidCommandException(field + ": needs leg_ref or call_id of " + what);
        }
        String callId = CommandFields.legRef(field + ".call_id", target.getCallId());
        Optional<TrackedLeg> leg = inboundOnly ? tracker.inbound(callId) : tracker.trunkLeg(callId);
        return leg.orElseThrow(() -> new InvalidCommandException(inboundOnly
                ? "call " + callId + " has no inbound leg known to this bridge; pass leg_ref (the inboundid from the Invite event)"
                : "call " + callId + " has no inbound or outbound leg known to this bridge; pass leg_ref"
                        + " (the inboundid/outboundid from the call's events)"));
    }

    /** The extension number of an extension leg, for the v1 {@code extension/*} endpoints. */
    String extension(String field, CallTarget target) {
        if (target == null) {
            throw new InvalidCommandException(field + ": needs extension, or call_id (+ extension) of a live call");
        }
        if (present(target.getExtension())) {
            return CommandFields.number(field + ".extension", target.getExtension());
        }
        if (present(target.getLegRef())) {
            String ref = CommandFields.legRef(field + ".leg_ref", target.getLegRef());
            Optional<TrackedLeg> known = tracker.legByRef(ref);
            if (known.isPresent()) {
                if (known.get().kind() != TrackedLeg.Kind.EXTENSION) {
                    throw new InvalidCommandException(field + ": leg_ref " + ref + " is the " + known.get().kind().label()
                            + " leg " + describe(known.get()) + "; this action needs an extension (pass extension)");
                }
                return known.get().number();
            }
            // A v1 extension leg's leg_ref is its extension number.
            if (!ref.contains(".")) {
                return CommandFields.number(field + ".leg_ref", ref);
            }
            throw new InvalidCommandException(field + ": leg_ref " + ref + " is not an extension leg known to this bridge;"
                    + " pass extension");
        }
        if (present(target.getCallId())) {
            String callId = CommandFields.legRef(field + ".call_id", target.getCallId());
            return single(field, callId, tracker.extensionLegs(callId)).number();
        }
        throw new InvalidCommandException(field + ": needs extension, or call_id (+ extension) of a live call");
    }

    /** The call's inbound leg, else its outbound leg, if the bridge knows one. */
    Optional<TrackedLeg> knownTrunkLeg(String field, String callId) {
        return tracker.trunkLeg(CommandFields.legRef(field + ".call_id", callId));
    }

    /** Any extension leg of the call (hanging up one extension of an internal call ends it). */
    String anyExtension(String field, String callId) {
        List<TrackedLeg> exts = tracker.extensionLegs(CommandFields.legRef(field + ".call_id", callId));
        if (exts.isEmpty()) {
            throw new InvalidCommandException("call " + callId + " has no leg known to this bridge; pass " + field
                    + ".leg_ref (inboundid/outboundid) or " + field + ".extension");
        }
        return exts.get(0).number();
    }

    /** Which leg a v2 command means when it names only a call. */
    enum Pick {
        /** Hang up: the external leg, else any extension leg (either ends an internal call). */
        ANY_TRUNK_FIRST,
        /** Transfer: the external leg, else the only extension leg. */
        TRUNK_FIRST,
        /** Hold, mute: the only extension leg. */
        EXTENSION,
        /** Accept/refuse: the inbound leg. */
        INBOUND
    }

    /** The v2 channelid of the leg the target names. */
    String channel(String field, CallTarget target, Pick pick) {
        if (target == null) {
            throw new InvalidCommandException(field + ": needs leg_ref (channelid), or call_id (+ extension) of a live call");
        }
        if (present(target.getLegRef())) {
            return CommandFields.legRef(field + ".leg_ref", target.getLegRef());
        }
        String callId = present(target.getCallId()) ? CommandFields.legRef(field + ".call_id", target.getCallId()) : null;
        String extension = present(target.getExtension()) ? CommandFields.number(field + ".extension", target.getExtension()) : null;
        if (pick == Pick.INBOUND) {
            if (callId == null) {
                throw new InvalidCommandException(field + ": needs leg_ref (the inbound channelid from the Invite event) or call_id");
            }
            return tracker.inbound(callId).map(TrackedLeg::legRef).orElseThrow(() -> new InvalidCommandException(
                    "call " + callId + " has no inbound leg known to this bridge; pass leg_ref (the channelid from the Invite event)"));
        }
        if (callId != null && extension != null) {
            return tracker.channel(callId, extension).orElseThrow(() -> new InvalidCommandException(
                    "call " + callId + " has no leg of extension " + extension + " known to this bridge; pass leg_ref (the member channelid)"));
        }
        if (extension != null) {
            return tracker.latestLegOfExtension(extension).map(TrackedLeg::legRef).orElseThrow(() -> new InvalidCommandException(
                    "extension " + extension + " is in no call known to this bridge; pass leg_ref (the member channelid)"));
        }
        if (callId == null) {
            throw new InvalidCommandException(field + ": needs leg_ref (channelid), or call_id (+ extension) of a live call");
        }
        if (pick != Pick.EXTENSION) {
            Optional<TrackedLeg> trunk = tracker.trunkLeg(callId);
            if (trunk.isPresent()) {
                return trunk.get().legRef();
            }
        }
        List<TrackedLeg> exts = tracker.extensionLegs(callId);
        if (pick == Pick.ANY_TRUNK_FIRST && !exts.isEmpty()) {
            return exts.get(0).legRef();
        }
        return single(field, callId, exts).legRef();
    }

    private TrackedLeg single(String field, String callId, List<TrackedLeg> extensionLegs) {
        if (extensionLegs.isEmpty()) {
            throw new InvalidCommandException("call " + callId + " has no extension leg known to this bridge; pass "
                    + field + ".extension or leg_ref");
        }
        if (extensionLegs.size() > 1) {
            throw new InvalidCommandException("call " + callId + " has " + extensionLegs.size() + " extension legs ("
                    + extensionLegs.stream().map(TrackedLeg::number).collect(Collectors.joining(", "))
                    + "); pass " + field + ".extension to say which");
        }
        return extensionLegs.get(0);
    }

    private static String describe(TrackedLeg leg) {
        return leg.number() == null ? "" : "(" + leg.number() + ")";
    }
}
