package io.pbxbridge.schema.codec;

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
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ConfigureAction;
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
import io.pbxbridge.schema.MonitorAction;
import io.pbxbridge.schema.MonitorMode;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.PlayPromptAction;
import io.pbxbridge.schema.QueryAction;
import io.pbxbridge.schema.QuerySubject;
import io.pbxbridge.schema.SendSmsAction;
import io.pbxbridge.schema.TransferAction;
import io.pbxbridge.schema.TrunkState;
import io.pbxbridge.schema.TrunkStatus;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.VendorAction;
import org.apache.avro.specific.SpecificRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic instances of every top-level record with all nested types filled, shared by the codec
 * tests and the documented examples ({@code src/test/resources/examples/<name>.json}, pasted into
 * schemas/README.md). Fixed instants keep them deterministic.
 */
final class Examples {
    static final Instant OCCURRED = Instant.parse("2026-11-26T09:15:10Z");
    static final Instant RECEIVED = Instant.parse("2026-11-26T09:15:10.342Z");
    static final String BRIDGE_VERSION = "0.1.0";

    private Examples() {
    }

    /** Example name (file name without .json) → record, in README order. */
    static Map<String, SpecificRecord> all() {
        Map<String, SpecificRecord> all = new LinkedHashMap<>();
        all.put("CallEvent", callEvent());
        all.put("CallRecord", callRecord());
        all.put("ExtensionStatus", extensionStatus());
        all.put("TrunkStatus", trunkStatus());
        all.put("PbxEvent", pbxEvent());
        all.put("Command-dial", dialCommand());
        all.put("Command-transfer", transferCommand());
        all.put("Command-hangup", hangupCommand());
        all.put("Command-monitor", monitorCommand());
        all.put("Command-play-prompt", playPromptCommand());
        all.put("Command-send-sms", sendSmsCommand());
        all.put("Command-query", queryCommand());
        all.put("Command-configure", configureCommand());
        all.put("Command-vendor", vendorCommand());
        all.put("CommandResult", commandResult());
        all.put("DeadLetter", deadLetter());
        return all;
    }

    static EventHeader header(String eventId, String raw, String format) {
        return EventHeader.newBuilder()
                .setEventId(eventId)
                .setPbxId("hq-s300")
                .setVendor(Vendor.YEASTAR_S)
                .setPbxModel("S300")
                .setPbxSerial("369362089179")
                .setOccurredAt(OCCURRED)
                .setReceivedAt(RECEIVED)
                .setReportFormat(format)
                .setIngress(IngressChannel.HTTP_REPORT)
                .setRawPayload(raw)
                .setBridgeVersion(BRIDGE_VERSION)
                .build();
    }

    static CallEvent callEvent() {
        String raw = "{\"action\":\"ANSWER\",\"callid\":\"1547375509.72\",\"call\":[{\"ext\":{\"extid\":\"1005\"}},"
                + "{\"inbound\":{\"from\":\"3834847222\",\"to\":\"1005\",\"trunk\":\"SPS-6-36\","
                + "\"inboundid\":\"1547375509.72\"}}],\"sn\":\"369362089179\"}";
        return CallEvent.newBuilder()
                .setHeader(header("b7d1c1e0-5b4e-3f0e-9a51-2f1c1a0c9e11", raw, "yeastar-1.1.0"))
                .setCallId("1547375509.72")
                .setType(CallEventType.ANSWERED)
                .setTypeRaw("ANSWER")
                .setParties(List.of(
                        Party.newBuilder().setRole(PartyRole.CALLER).setKind(PartyKind.EXTERNAL).setKindRaw("inbound")
                                .setNumber("3834847222").setTrunk("SPS-6-36").setFromNumber("3834847222")
                                .setToNumber("1005").setLegRef("1547375509.72").setState(LegState.ANSWERED)
                                .setStateRaw("ANSWER").build(),
                        Party.newBuilder().setRole(PartyRole.CALLEE).setKind(PartyKind.EXTENSION).setKindRaw("ext")
                                .setNumber("1005").setName("Reception").setLegRef("1005")
                                .setState(LegState.ANSWERED).setStateRaw("ANSWER").setCallPath("queue:6400").build()))
                .setReason(null)
                .setDigits(null)
                .setSequence(3)
                .setAttributes(Map.of("queue", "6400"))
                .build();
    }

    static CallRecord callRecord() {
        String raw = "{\"event\":\"NewCdr\",\"callid\":\"1571897930.5\",\"timestart\":\"2026-11-26 10:15:10\","
                + "\"callfrom\":\"3834847222\",\"callto\":\"1023\",\"callduraction\":\"19\",\"talkduraction\":\"14\","
                + "\"srctrunkname\":\"SPS-6-36\",\"dsttrcunkname\":\"\",\"pincode\":\"\",\"status\":\"ANSWERED\","
                + "\"type\":\"Inbound\",\"recording\":\"20261126101510-1571897930.5-3834847222-1023-Inbound.wav\","
                + "\"didnumber\":\"0302220000\",\"agentringtime\":\"4\",\"sn\":\"369451090405\"}";
        return CallRecord.newBuilder()
                .setHeader(header("0d6f7f0e-8a0b-3c51-b5a3-54cc1f0a77a2", raw, "yeastar-2.0.0"))
                .setCallId("1571897930.5")
                .setCdrId("1571897930.5")
                .setStartedAt(OCCURRED)
                .setStartedAtRaw("2026-11-26 10:15:10")
                .setCaller("3834847222")
                .setCallerName("ACME Ltd")
                .setCallee("1023")
                .setCalleeName("Support")
                .setCallSeconds(19)
                .setTalkSeconds(14)
                .setDirection(CallDirection.INBOUND)
                .setDirectionRaw("Inbound")
                .setDisposition(CallDisposition.ANSWERED)
                .setDispositionRaw("ANSWERED")
                .setSourceTrunk("SPS-6-36")
                .setDestinationTrunk(null)
                .setRecordingFile("20261126101510-1571897930.5-3834847222-1023-Inbound.wav")
                .setDid("0302220000")
                .setPinCode(null)
                .setAgentRingSeconds(4)
                .setAttributes(Map.of())
                .build();
    }

    static ExtensionStatus extensionStatus() {
        String raw = "{\"event\":\"ExtensionStatus\",\"extension\":\"1023\",\"status\":\"Ringing\",\"sn\":\"369451090405\"}";
        return ExtensionStatus.newBuilder()
                .setHeader(header("5c0a3b8e-1f7d-3e2b-8c44-0b9d2e6f1a33", raw, "yeastar-2.0.0"))
                .setExtension("1023")
                .setStatus(ExtensionState.RINGING)
                .setStatusRaw("Ringing")
                .setAttributes(Map.of())
                .build();
    }

    static TrunkStatus trunkStatus() {
        String raw = "{\"action\":\"TrunkStatus\",\"trunk\":\"SPS-6-36\",\"status\":\"Unregistered\",\"sn\":\"369362089179\"}";
        return TrunkStatus.newBuilder()
                .setHeader(header("9e2d4c6a-7b3f-3a1d-a2e5-c6f0d8b1e244", raw, "yeastar-1.1.0"))
                .setTrunk("SPS-6-36")
                .setStatus(TrunkState.UNREGISTERED)
                .setStatusRaw("Unregistered")
                .setTrunkType("register")
                .setAttributes(Map.of())
                .build();
    }

    static PbxEvent pbxEvent() {
        String raw = "{\"action\":\"ConfigChange\",\"type\":\"extension\",\"extid\":\"1001\",\"operation\":\"update\","
                + "\"sn\":\"369362089179\"}";
        return PbxEvent.newBuilder()
                .setHeader(header("3f8b2a1c-6d4e-3b7a-9c0f-1e2d3c4b5a66", raw, "yeastar-1.1.0"))
                .setType(PbxEventType.CONFIG_CHANGED)
                .setTypeRaw("ConfigChange")
                .setReason(null)
                .setConfigEntity("extension")
                .setConfigEntityId("1001")
                .setConfigOperation(ConfigOperation.UPDATE)
                .setConfigOperationRaw("update")
                .setRetryAfterSeconds(null)
                .setAttributes(Map.of())
                .build();
    }

    private static Command.Builder command(String id, CommandAction action) {
        return Command.newBuilder()
                .setCommandId(id)
                .setPbxId("hq-s300")
                .setIssuedAt(Instant.parse("2026-11-26T09:20:00Z"))
                .setExpiresAt(Instant.parse("2026-11-26T09:20:30Z"))
                .setAction(action);
    }

    static Command dialCommand() {
        return command("crm-7f3a-0001", CommandAction.DIAL)
                .setDial(DialAction.newBuilder()
                        .setFrom(Endpoint.newBuilder().setKind(EndpointKind.EXTENSION).setNumber("1005").build())
                        .setTo(Endpoint.newBuilder().setKind(EndpointKind.EXTERNAL).setNumber("+493022200000").build())
                        .setViaExtension(null)
                        .setAutoAnswer(true)
                        .build())
                .build();
    }

    static Command transferCommand() {
        return command("crm-7f3a-0002", CommandAction.TRANSFER)
                .setTransfer(TransferAction.newBuilder()
                        .setCall(CallTarget.newBuilder().setCallId("1547375509.72").setLegRef("1547375509.72").build())
                        .setTo(Endpoint.newBuilder().setKind(EndpointKind.QUEUE).setNumber("6400").build())
                        .setViaExtension("1005")
                        .setAttended(false)
                        .build())
                .build();
    }

    static Command hangupCommand() {
        return command("crm-7f3a-0003", CommandAction.HANGUP)
                .setCall(CallTarget.newBuilder().setCallId("1547375509.72").setExtension("1005").build())
                .build();
    }

    static Command monitorCommand() {
        return command("crm-7f3a-0004", CommandAction.MONITOR)
                .setMonitor(MonitorAction.newBuilder()
                        .setMode(MonitorMode.WHISPER)
                        .setMonitorExtension("1000")
                        .setCall(CallTarget.newBuilder().setExtension("1005").build())
                        .build())
                .build();
    }

    static Command playPromptCommand() {
        return command("crm-7f3a-0005", CommandAction.PLAY_PROMPT)
                .setPlayPrompt(PlayPromptAction.newBuilder()
                        .setTo(Endpoint.newBuilder().setKind(EndpointKind.EXTERNAL).setNumber("3834847222").build())
                        .setPrompts(List.of("welcome", "office-closed"))
                        .setViaExtension("1005")
                        .setAutoAnswer(false)
                        .setRepeat(2)
                        .setVolume(5)
                        .build())
                .build();
    }

    static Command sendSmsCommand() {
        return command("crm-7f3a-0006", CommandAction.SEND_SMS)
                .setSendSms(SendSmsAction.newBuilder()
                        .setTrunk("GSM-1").setNumber("+491701234567").setMessage("Your callback is scheduled at 14:00.")
                        .build())
                .build();
    }

    static Command queryCommand() {
        return command("crm-7f3a-0007", CommandAction.QUERY)
                .setQuery(QueryAction.newBuilder()
                        .setSubject(QuerySubject.CDRS)
                        .setId(null)
                        .setFilters(new LinkedHashMap<>(Map.of("from", "2026-11-26 00:00:00")))
                        .build())
                .build();
    }

    static Command configureCommand() {
        return command("crm-7f3a-0008", CommandAction.CONFIGURE)
                .setConfigure(ConfigureAction.newBuilder()
                        .setEntity(ConfigEntity.EXTENSION)
                        .setOperation(ConfigOperation.UPDATE)
                        .setId("1005")
                        .setFieldsJson("{\"username\":\"Reception\",\"dnd\":\"on\"}")
                        .build())
                .build();
    }

    static Command vendorCommand() {
        return command("crm-7f3a-0009", CommandAction.VENDOR)
                .setVendor(VendorAction.newBuilder()
                        .setAction("/api/v2.0.0/deviceinfo/query")
                        .setParametersJson("{}")
                        .build())
                .build();
    }

    static CommandResult commandResult() {
        return CommandResult.newBuilder()
                .setCommandId("crm-7f3a-0001")
                .setPbxId("hq-s300")
                .setStatus(CommandStatus.SUCCEEDED)
                .setVendorErrorCode(null)
                .setReason(null)
                .setCallId("1732612800.88")
                .setResponseJson("{\"status\":\"Success\",\"callid\":\"1732612800.88\"}")
                .setLatencyMs(184)
                .setExecutedBy("bridge-1@node-a")
                .setCompletedAt(Instant.parse("2026-11-26T09:20:00.184Z"))
                .setReplayed(false)
                .setReceivedAt(Instant.parse("2026-11-26T09:20:00.021Z"))
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSource(DeadLetterSource.REPORT_INGRESS)
                .setSourceDetail("POST /report/yeastar/hq-s300")
                .setPbxId("hq-s300")
                .setVendor(Vendor.YEASTAR_S)
                .setReason("report is not JSON: unexpected end of input at offset 27")
                .setRaw(ByteBuffer.wrap("{\"action\":\"RING\",\"callid\":".getBytes(StandardCharsets.UTF_8)))
                .setReceivedAt(RECEIVED)
                .setBridgeVersion(BRIDGE_VERSION)
                .build();
    }
}
