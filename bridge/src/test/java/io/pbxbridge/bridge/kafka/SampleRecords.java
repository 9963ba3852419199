package io.pbxbridge.bridge.kafka;

import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallDirection;
import io.pbxbridge.schema.CallDisposition;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.DialAction;
import io.pbxbridge.schema.Endpoint;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.ExtensionState;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.TrunkState;
import io.pbxbridge.schema.TrunkStatus;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic record of every top-level schema, as a connector or the command path would build it. */
final class SampleRecords {
    static final String PBX = "office-hq";
    /** Avro timestamp_ms keeps milliseconds: test instants must not carry more. */
    static final Instant RECEIVED = Instant.parse("2026-03-02T09:15:30.250Z");
    static final Instant OCCURRED = Instant.parse("2026-03-02T09:15:29Z");

    private SampleRecords() {
    }

    static List<NormalizedRecord> all() {
        return List.of(callEvent(), callRecord(), extensionStatus(), trunkStatus(), pbxEvent(), command(),
                commandResult(), deadLetter());
    }

    static NormalizedRecord callEvent() {
        String report = "{\"action\":\"RING\",\"callid\":\"1646630136.3162\",\"outbound\":{\"from\":\"1001\",\"to\":\"0123456789\",\"trunk\":\"SIP-Trunk1\",\"outboundid\":\"3162\"}}";
        CallEvent value = CallEvent.newBuilder()
                .setHeader(header(report, 0))
                .setCallId("1646630136.3162")
                .setType(CallEventType.RINGING)
                .setTypeRaw("RING")
                .setParties(List.of(
                        Party.newBuilder().setRole(PartyRole.CALLER).setKind(PartyKind.EXTENSION).setKindRaw("ext")
                                .setNumber("1001").setName("Alice").setState(LegState.RINGBACK).build(),
                        Party.newBuilder().setRole(PartyRole.CALLEE).setKind(PartyKind.EXTERNAL).setKindRaw("outbound")
                                .setNumber("0123456789").setTrunk("SIP-Trunk1").setFromNumber("1001")
                                .setToNumber("0123456789").setLegRef("3162").setState(LegState.RINGING).build()))
                .setAttributes(Map.of("trunk_type", "sip"))
                .build();
        return new NormalizedRecord(BridgeTopic.CALL_EVENTS, RecordKeys.call(PBX, "1646630136.3162"), value,
                value.getHeader().getEventId(), CeTypes.call(CallEventType.RINGING), OCCURRED);
    }

    static NormalizedRecord callRecord() {
        String report = "{\"action\":\"NewCdr\",\"callid\":\"1646630136.3162\",\"timestart\":\"2026-03-02 10:15:00\",\"callduration\":\"75\",\"talkduration\":\"61\"}";
        CallRecord value = CallRecord.newBuilder()
                .setHeader(header(report, 0))
                .setCallId("1646630136.3162")
                .setCdrId("88231")
                .setStartedAt(Instant.parse("2026-03-02T09:15:00Z"))
                .setStartedAtRaw("2026-03-02 10:15:00")
                .setCaller("1001").setCallerName("Alice")
                .setCallee("0123456789")
                .setCallSeconds(75).setTalkSeconds(61)
                .setDirection(CallDirection.OUTBOUND).setDirectionRaw("Outbound")
                .setDisposition(CallDisposition.ANSWERED).setDispositionRaw("ANSWERED")
                .setDestinationTrunk("SIP-Trunk1")
                .setRecordingFile("20260302101500-1001-0123456789.wav")
                .setAgentRingSeconds(4)
                .build();
        return new NormalizedRecord(BridgeTopic.CDR, RecordKeys.call(PBX, "1646630136.3162"), value,
                value.getHeader().getEventId(), CeTypes.cdr(), RECEIVED);
    }

    static NormalizedRecord extensionStatus() {
        String report = "{\"action\":\"ExtensionStatus\",\"extension\":\"1002\",\"status\":\"Registered\"}";
        ExtensionStatus value = ExtensionStatus.newBuilder()
                .setHeader(header(report, 0))
                .setExtension("1002")
                .setStatus(ExtensionState.REGISTERED)
                .setStatusRaw("Registered")
                .build();
        return new NormalizedRecord(BridgeTopic.EXTENSION_STATUS, RecordKeys.extension(PBX, "1002"), value,
                value.getHeader().getEventId(), CeTypes.extensionStatus(), RECEIVED);
    }

    static NormalizedRecord trunkStatus() {
        String report = "{\"action\":\"TrunkStatus\",\"trunk\":\"SIP-Trunk1\",\"status\":\"0\"}";
        TrunkStatus value = TrunkStatus.newBuilder()
                .setHeader(header(report, 0))
                .setTrunk("SIP-Trunk1")
                .setStatus(TrunkState.UNREACHABLE)
                .setStatusRaw("0")
                .setTrunkType("sip")
                .build();
        return new NormalizedRecord(BridgeTopic.TRUNK_STATUS, RecordKeys.trunk(PBX, "SIP-Trunk1"), value,
                value.getHeader().getEventId(), CeTypes.trunkStatus(), RECEIVED);
    }

    static NormalizedRecord pbxEvent() {
        String report = "{\"action\":\"SessionDown\",\"reason\":\"keep-alive failed: errno 10004\"}";
        PbxEvent value = PbxEvent.newBuilder()
                .setHeader(header(report, 0))
                .setType(PbxEventType.SESSION_DOWN)
                .setTypeRaw("session-down")
                .setReason("keep-alive failed: errno 10004")
                .setRetryAfterSeconds(30)
                .build();
        return new NormalizedRecord(BridgeTopic.SYSTEM, RecordKeys.pbx(PBX), value,
                value.getHeader().getEventId(), CeTypes.system(PbxEventType.SESSION_DOWN), RECEIVED);
    }

    static NormalizedRecord command() {
        Command value = Command.newBuilder()
                .setCommandId("cmd-2026-0001")
                .setPbxId(PBX)
                .setIssuedAt(RECEIVED)
                .setExpiresAt(RECEIVED.plusSeconds(30))
                .setAction(CommandAction.DIAL)
                .setDial(DialAction.newBuilder()
                        .setFrom(Endpoint.newBuilder().setKind(EndpointKind.EXTENSION).setNumber("1001").build())
                        .setTo(Endpoint.newBuilder().setKind(EndpointKind.EXTERNAL).setNumber("0123456789").build())
                        .setAutoAnswer(true)
                        .build())
                .setCall(CallTarget.newBuilder().setExtension("1001").build())
                .build();
        return new NormalizedRecord(BridgeTopic.COMMANDS, RecordKeys.pbx(PBX), value, value.getCommandId(),
                CeTypes.command(CommandAction.DIAL), RECEIVED);
    }

    static NormalizedRecord commandResult() {
        CommandResult value = CommandResult.newBuilder()
                .setCommandId("cmd-2026-0001")
                .setPbxId(PBX)
                .setStatus(CommandStatus.PBX_ERROR)
                .setVendorErrorCode("20006")
                .setReason("extension 1001 is busy")
                .setResponseJson("{\"status\":\"Failed\",\"errno\":\"20006\"}")
                .setLatencyMs(184)
                .setExecutedBy("bridge-1")
                .setCompletedAt(RECEIVED.plusMillis(184))
                .build();
        return new NormalizedRecord(BridgeTopic.COMMAND_RESULTS, RecordKeys.pbx(PBX), value,
                "result-" + value.getCommandId(), CeTypes.commandResult(CommandStatus.PBX_ERROR), RECEIVED);
    }

    static NormalizedRecord deadLetter() {
        byte[] raw = "{\"action\":\"NewCdr\",\"callid\":".getBytes(StandardCharsets.UTF_8);
        DeadLetter value = DeadLetter.newBuilder()
                .setSource(DeadLetterSource.REPORT_INGRESS)
                .setSourceDetail("/report/office-hq")
                .setVendor(Vendor.YEASTAR_S)
                .setReason("malformed JSON: unexpected end of input")
                .setRaw(ByteBuffer.wrap(raw))
                .setReceivedAt(RECEIVED)
                .setBridgeVersion("0.1.0-test")
                .build();
        // pbx_id unknown: ce_source falls back to the bridge itself.
        return new NormalizedRecord(BridgeTopic.DLQ, "unknown", value, EventIds.of("unknown", raw, 0),
                CeTypes.deadLetter(), RECEIVED);
    }

    private static EventHeader header(String report, int index) {
        return EventHeader.newBuilder()
                .setEventId(EventIds.of(PBX, report.getBytes(StandardCharsets.UTF_8), index))
                .setPbxId(PBX)
                .setVendor(Vendor.YEASTAR_S)
                .setPbxModel("S300")
                .setPbxSerial("3631A2025012345")
                .setOccurredAt(OCCURRED)
                .setReceivedAt(RECEIVED)
                .setReportFormat("yeastar-2.0.0")
                .setIngress(IngressChannel.HTTP_REPORT)
                .setRawPayload(report)
                .setBridgeVersion("0.1.0-test")
                .build();
    }
}
