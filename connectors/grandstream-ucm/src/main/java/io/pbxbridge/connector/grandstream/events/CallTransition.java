package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.Party;

import java.util.List;
import java.util.Map;

/** A lifecycle step the tracker derived: becomes one CallEvent. */
public record CallTransition(CallEventType type, String callId, String typeRaw, List<Party> parties, String reason,
                             Map<String, String> attributes) {
}
