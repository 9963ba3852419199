package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.schema.CallTarget;

import java.util.List;
import java.util.Optional;

import static io.pbxbridge.connector.grandstream.command.CommandFields.present;

/**
 * Turns a {@link CallTarget} into the channel name a UCM call action needs. An explicit {@code leg_ref}
 * is used as given; otherwise the {@link UcmCallTracker} is asked, and when it cannot answer the
 * exception says what to pass instead.
 */
final class ChannelResolver {
    /** Which channel of a call the action acts on when the command gives only the call. */
    enum Pick {
        /** The inbound trunk leg (accept, refuse, transferNumberInbound). */
        INBOUND,
        /** An extension's channel (hold, mute, monitor, callTransfer). */
        EXTENSION,
        /** The external leg, else the first extension leg (hangup). */
        ANY
    }

    private final UcmCallTracker tracker;

    ChannelResolver(UcmCallTracker tracker) {
        this.tracker = tracker;
    }

    String channel(String field, CallTarget target, Pick pick) {
        if (target == null) {
            throw new InvalidCommandException(field + " is required");
        }
        if (present(target.getLegRef())) {
            return CommandFields.channel(field + ".leg_ref", target.getLegRef());
        }
        String callId = target.getCallId();
        String extension = present(target.getExtension()) ? CommandFields.digits(field + ".extension", target.getExtension()) : null;
        if (!present(callId)) {
            if (extension != null && pick != Pick.INBOUND) {
                return tracker.latestLegOfExtension(extension).map(UcmCallTracker.Leg::channel)
                        .orElseThrow(() -> new InvalidCommandException("extension " + extension + " is in no call known to this"
                                + " bridge; pass " + field + ".leg_ref (the channel, e.g. PJSIP/" + extension + "-0000001a)"));
            }
            throw new InvalidCommandException(field + " needs leg_ref (the channel from the call's CallEvents)"
                    + (pick == Pick.INBOUND ? "" : ", or call_id and/or extension"));
        }
        if (!tracker.knows(callId)) {
            throw new InvalidCommandException("call " + callId + " is not known to this bridge (ended, or not seen on the"
                    + " WebSocket); pass " + field + ".leg_ref (the channel from its CallEvents)");
        }
        if (extension != null && pick != Pick.INBOUND) {
            return tracker.extensionLeg(callId, extension).map(UcmCallTracker.Leg::channel)
                    .orElseThrow(() -> new InvalidCommandException("call " + callId + " has no channel of extension "
                            + extension + " known to this bridge; pass " + field + ".leg_ref"));
        }
        return switch (pick) {
            case INBOUND -> tracker.inboundLeg(callId).map(UcmCallTracker.Leg::channel)
                    .orElseThrow(() -> new InvalidCommandException("call " + callId + " has no inbound trunk channel known"
                            + " to this bridge; pass " + field + ".leg_ref (the leg_ref of its INBOUND_REQUEST event)"));
            case EXTENSION -> onlyExtension(field, callId);
            // Hanging up one party of a two-party call ends it: the trunk leg, else the first (calling) extension.
            case ANY -> tracker.externalLeg(callId).or(() -> tracker.extensionLegs(callId).stream().findFirst())
                    .map(UcmCallTracker.Leg::channel)
                    .orElseThrow(() -> new InvalidCommandException("call " + callId + " has no channel known to this"
                            + " bridge; pass " + field + ".leg_ref"));
        };
    }

    /** The tracked leg behind a channel, when the bridge knows it. */
    Optional<UcmCallTracker.Leg> leg(String callId, String channel) {
        return tracker.legs(callId).stream().filter(l -> l.channel().equals(channel)).findFirst();
    }

    Optional<UcmCallTracker.Leg> inboundLeg(String callId) {
        return present(callId) ? tracker.inboundLeg(callId) : Optional.empty();
    }

    private String onlyExtension(String field, String callId) {
        List<UcmCallTracker.Leg> legs = tracker.extensionLegs(callId);
        if (legs.size() == 1) {
            return legs.get(0).channel();
        }
        throw new InvalidCommandException("call " + callId + (legs.isEmpty() ? " has no extension channel known to this bridge"
                : " has " + legs.size() + " extension channels") + "; pass " + field + ".extension or " + field + ".leg_ref");
    }
}
