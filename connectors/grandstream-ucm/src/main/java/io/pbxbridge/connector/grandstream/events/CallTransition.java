package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.Party;

import java.util.List;
import java.util.Map;

/**
 * A lifecycle step the tracker derived: becomes one CallEvent.
 *
 * @param pbxTime the PBX's own time of the step as the frame printed it ({@code alloc_time} of a leg,
 *                {@code bridge_time} of a bridge; PBX local time, no zone), or null when the frame has none
 *                (a {@code delete} names only the channel)
 */
public record CallTransition(CallEventType type, String callId, String typeRaw, List<Party> parties, String reason,
                             Map<String, String> attributes, String pbxTime) {
}
