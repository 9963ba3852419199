package io.pbxbridge.bridge.cli;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;

import java.time.Instant;
import java.util.List;

/** Small bridge records for the CLI tests. */
final class CliRecords {
    static final Instant AT = Instant.parse("2026-11-26T19:00:00Z");

    private CliRecords() {
    }

    static CallEvent callEvent(String pbx, String callId, CallEventType type) {
        return CallEvent.newBuilder()
                .setHeader(header(pbx, pbx + "-" + callId + "-" + type))
                .setCallId(callId)
                .setType(type)
                .setTypeRaw(type.name())
                .setParties(List.of(Party.newBuilder().setRole(PartyRole.CALLER).setKind(PartyKind.EXTENSION)
                        .setNumber("1001").build()))
                .build();
    }

    static NormalizedRecord callEventRecord(String pbx, String callId, CallEventType type) {
        CallEvent e = callEvent(pbx, callId, type);
        return new NormalizedRecord(BridgeTopic.CALL_EVENTS, pbx + "/" + callId, e, e.getHeader().getEventId(),
                CeTypes.call(type), AT);
    }

    static NormalizedRecord pbxEventRecord(String pbx, PbxEventType type) {
        PbxEvent e = PbxEvent.newBuilder().setHeader(header(pbx, pbx + "-" + type)).setType(type)
                .setTypeRaw(type.name()).build();
        return new NormalizedRecord(BridgeTopic.SYSTEM, pbx, e, e.getHeader().getEventId(), CeTypes.system(type), AT);
    }

    static CommandResult result(String commandId, String pbx, CommandStatus status, String reason) {
        return CommandResult.newBuilder().setCommandId(commandId).setPbxId(pbx).setStatus(status).setReason(reason)
                .setExecutedBy("test-responder").setCompletedAt(Instant.now()).setLatencyMs(3).build();
    }

    private static EventHeader header(String pbx, String eventId) {
        return EventHeader.newBuilder().setEventId(eventId).setPbxId(pbx).setReceivedAt(AT)
                .setRawPayload("{}").setBridgeVersion("test").build();
    }
}
