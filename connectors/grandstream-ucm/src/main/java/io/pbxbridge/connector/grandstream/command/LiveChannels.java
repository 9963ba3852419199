package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.grandstream.events.ActiveCallChannelTracker;
import io.pbxbridge.connector.grandstream.events.UcmLeg;
import io.pbxbridge.schema.PartyKind;

import java.util.List;

/** The live channels of a call (linkedid) as the WebSocket frames describe them. */
@FunctionalInterface
public interface LiveChannels {
    LiveChannels NONE = callId -> List.of();

    List<UcmCallTracker.Leg> legs(String callId);

    /** Reads the connector's frame tracker; call on the context that feeds it (the session's). */
    static LiveChannels of(ActiveCallChannelTracker frames) {
        return callId -> frames.liveLegs(callId).stream().map(LiveChannels::leg).toList();
    }

    private static UcmCallTracker.Leg leg(UcmLeg leg) {
        if (leg.isExtension()) {
            return new UcmCallTracker.Leg(leg.channel(), PartyKind.EXTENSION, leg.peer(), false);
        }
        if (leg.isTrunk()) {
            boolean inbound = leg.inboundTrunk() != null;
            return new UcmCallTracker.Leg(leg.channel(), PartyKind.EXTERNAL, UcmLeg.number(leg.callernum()), inbound);
        }
        return new UcmCallTracker.Leg(leg.channel(), PartyKind.UNKNOWN, UcmLeg.number(leg.callernum()), false);
    }
}
