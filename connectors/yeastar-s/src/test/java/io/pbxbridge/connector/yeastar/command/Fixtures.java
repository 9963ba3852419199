package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ConfigureAction;
import io.pbxbridge.schema.DialAction;
import io.pbxbridge.schema.Endpoint;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.MonitorAction;
import io.pbxbridge.schema.MonitorMode;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.pbxbridge.schema.PlayPromptAction;
import io.pbxbridge.schema.QueryAction;
import io.pbxbridge.schema.QuerySubject;
import io.pbxbridge.schema.SendSmsAction;
import io.pbxbridge.schema.TransferAction;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.VendorAction;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Commands and normalized call events as the bridge would produce them from real Yeastar reports. */
final class Fixtures {
    static final String PBX = "office-1";
    static final Instant NOW = Instant.parse("2026-11-26T19:00:00Z");

    private Fixtures() {
    }

    // ---------------------------------------------------------------- commands

    static Command.Builder base(CommandAction action) {
        return Command.newBuilder().setCommandId("cmd-" + action.name().toLowerCase()).setPbxId(PBX)
                .setIssuedAt(NOW).setAction(action);
    }

    static Endpoint ext(String n) {
        return Endpoint.newBuilder().setKind(EndpointKind.EXTENSION).setNumber(n).build();
    }

    static Endpoint external(String n) {
        return Endpoint.newBuilder().setKind(EndpointKind.EXTERNAL).setNumber(n).build();
    }

    static Endpoint ivr(String n) {
        return Endpoint.newBuilder().setKind(EndpointKind.IVR).setNumber(n).build();
    }

    static Endpoint queue(String n) {
        return Endpoint.newBuilder().setKind(EndpointKind.QUEUE).setNumber(n).build();
    }

    static Endpoint ringGroup(String n) {
        return Endpoint.newBuilder().setKind(EndpointKind.RING_GROUP).setNumber(n).build();
    }

    static CallTarget target(String callId, String legRef, String extension) {
        return CallTarget.newBuilder().setCallId(callId).setLegRef(legRef).setExtension(extension).build();
    }

    static Command dial(Endpoint from, Endpoint to, String via, boolean autoAnswer) {
        return base(CommandAction.DIAL).setDial(DialAction.newBuilder().setFrom(from).setTo(to)
                .setViaExtension(via).setAutoAnswer(autoAnswer).build()).build();
    }

    static Command onCall(CommandAction action, CallTarget target) {
        return base(action).setCall(target).build();
    }

    static Command monitor(MonitorMode mode, String supervisor, CallTarget target) {
        return base(CommandAction.MONITOR).setMonitor(MonitorAction.newBuilder().setMode(mode)
                .setMonitorExtension(supervisor).setCall(target).build()).build();
    }

    static Command transfer(CallTarget target, Endpoint to, String via, boolean attended) {
        return base(CommandAction.TRANSFER).setTransfer(TransferAction.newBuilder().setCall(target).setTo(to)
                .setViaExtension(via).setAttended(attended).build()).build();
    }

    static Command prompt(Endpoint to, List<String> prompts, String via, boolean autoAnswer, Integer repeat, Integer volume) {
        return base(CommandAction.PLAY_PROMPT).setPlayPrompt(PlayPromptAction.newBuilder().setTo(to)
                .setPrompts(prompts).setViaExtension(via).setAutoAnswer(autoAnswer).setRepeat(repeat)
                .setVolume(volume).build()).build();
    }

    static Command sms(String trunk, String number, String message) {
        return base(CommandAction.SEND_SMS).setSendSms(SendSmsAction.newBuilder().setTrunk(trunk)
                .setNumber(number).setMessage(message).build()).build();
    }

    static Command query(QuerySubject subject, String id) {
        return query(subject, id, Map.of());
    }

    static Command query(QuerySubject subject, String id, Map<String, String> filters) {
        return base(CommandAction.QUERY).setQuery(QueryAction.newBuilder().setSubject(subject).setId(id)
                .setFilters(filters).build()).build();
    }

    static Command configure(ConfigEntity entity, ConfigOperation op, String id, String fieldsJson) {
        return base(CommandAction.CONFIGURE).setConfigure(ConfigureAction.newBuilder().setEntity(entity)
                .setOperation(op).setId(id).setFieldsJson(fieldsJson).build()).build();
    }

    static Command vendor(String path, String params) {
        return base(CommandAction.VENDOR).setVendor(VendorAction.newBuilder().setAction(path)
                .setParametersJson(params).build()).build();
    }

    // ------------------------------------------------------------------ events

    static Party extParty(PartyRole role, String number, String legRef, LegState state) {
        return Party.newBuilder().setRole(role).setKind(PartyKind.EXTENSION).setKindRaw("ext")
                .setNumber(number).setLegRef(legRef).setState(state).build();
    }

    static Party inboundParty(String from, String to, String trunk, String legRef, LegState state) {
        return Party.newBuilder().setRole(PartyRole.CALLER).setKind(PartyKind.EXTERNAL).setKindRaw("inbound")
                .setNumber(from).setFromNumber(from).setToNumber(to).setTrunk(trunk).setLegRef(legRef)
                .setState(state).build();
    }

    static Party outboundParty(String from, String to, String trunk, String legRef, LegState state) {
        return Party.newBuilder().setRole(PartyRole.CALLEE).setKind(PartyKind.EXTERNAL).setKindRaw("outbound")
                .setNumber(to).setFromNumber(from).setToNumber(to).setTrunk(trunk).setLegRef(legRef)
                .setState(state).build();
    }

    static NormalizedRecord event(String callId, CallEventType type, String typeRaw, Party... parties) {
        CallEvent value = CallEvent.newBuilder()
                .setHeader(header(callId + "/" + typeRaw + "/" + Arrays.hashCode(parties)))
                .setCallId(callId).setType(type).setTypeRaw(typeRaw).setParties(List.of(parties)).build();
        return new NormalizedRecord(BridgeTopic.CALL_EVENTS, RecordKeys.call(PBX, callId), value,
                value.getHeader().getEventId(), "io.pbxbridge.call." + type.name().toLowerCase(), NOW);
    }

    static NormalizedRecord cdr(String callId) {
        CallRecord value = CallRecord.newBuilder().setHeader(header(callId + "/cdr")).setCallId(callId)
                .setCaller("1005").setCallee("1002")
                // Set explicitly: Avro 1.12 refuses to instantiate enum defaults of untrusted packages.
                .setDirection(io.pbxbridge.schema.CallDirection.INBOUND)
                .setDisposition(io.pbxbridge.schema.CallDisposition.ANSWERED).build();
        return new NormalizedRecord(BridgeTopic.CDR, RecordKeys.call(PBX, callId), value,
                value.getHeader().getEventId(), "io.pbxbridge.cdr", NOW);
    }

    private static EventHeader header(String id) {
        return EventHeader.newBuilder().setEventId(id).setPbxId(PBX).setVendor(Vendor.YEASTAR_S)
                .setReceivedAt(NOW).setIngress(IngressChannel.HTTP_REPORT).setRawPayload("{}")
                .setBridgeVersion("test").build();
    }

    // ------------------------------------------------------- the calls of the PBX

    /** v1: external 1929383883 calls in on SPS-6-36, answered by 1005 (ANSWER report, v1.1.0 shape). */
    static final String V1_INBOUND_CALL = "1547375509.72";
    static final String V1_INBOUND_ID = "1547375509.72";
    /** v1: extension 1002 dials 42003 out through sip-142 (RING report: outbound object, then ext). */
    static final String V1_OUTBOUND_CALL = "1495771030.365";
    static final String V1_OUTBOUND_ID = "1495771030.366";
    /** v1: internal call 1000 → 1002. */
    static final String V1_INTERNAL_CALL = "1495706238.328";

    static List<NormalizedRecord> v1Calls() {
        return List.of(
                event(V1_INBOUND_CALL, CallEventType.INBOUND_REQUEST, "Invite",
                        inboundParty("3834847222", "1005", "SPS-6-36", V1_INBOUND_ID, null)),
                event(V1_INBOUND_CALL, CallEventType.ANSWERED, "ANSWER",
                        extParty(PartyRole.CALLEE, "1005", "1005", LegState.ANSWERED),
                        inboundParty("3834847222", "1005", "SPS-6-36", V1_INBOUND_ID, LegState.ANSWERED)),
                event(V1_OUTBOUND_CALL, CallEventType.RINGING, "RING",
                        outboundParty("1002", "42003", "sip-142", V1_OUTBOUND_ID, LegState.RINGING),
                        extParty(PartyRole.CALLER, "1002", "1002", LegState.RINGBACK)),
                event(V1_INTERNAL_CALL, CallEventType.ANSWERED, "ANSWER",
                        extParty(PartyRole.CALLER, "1000", "1000", LegState.CALLER_ANSWERED),
                        extParty(PartyRole.CALLEE, "1002", "1002", LegState.ANSWERED)));
    }

    /** v2: inbound from 2000 on siptrunk to 1023 (Invite, then CallStatus). */
    static final String V2_INBOUND_CALL = "1571896991.2";
    static final String V2_INBOUND_CHANNEL = "PJSIP/trunk-siptrunk-endpoint-00000001";
    static final String V2_INBOUND_EXT_CHANNEL = "PJSIP/1023-00000002";
    /** v2: 1023 dials 5551234 out (a later call of 1023). */
    static final String V2_OUTBOUND_CALL = "1573097568.15";
    static final String V2_OUTBOUND_EXT_CHANNEL = "PJSIP/1023-0000000a";
    static final String V2_OUTBOUND_CHANNEL = "PJSIP/trunk-siptrunk-endpoint-0000000b";
    /** v2: internal call 2000 → 1020. */
    static final String V2_INTERNAL_CALL = "1571981311.105";

    static List<NormalizedRecord> v2Calls() {
        return List.of(
                event(V2_INBOUND_CALL, CallEventType.INBOUND_REQUEST, "Invite",
                        inboundParty("2000", "1023", "siptrunk", V2_INBOUND_CHANNEL, null)),
                event(V2_INBOUND_CALL, CallEventType.ANSWERED, "CallStatus",
                        extParty(PartyRole.CALLEE, "1023", V2_INBOUND_EXT_CHANNEL, LegState.ANSWERED),
                        inboundParty("2000", "1023", "siptrunk", V2_INBOUND_CHANNEL, LegState.CALLER_ANSWERED)),
                event(V2_OUTBOUND_CALL, CallEventType.RINGING, "CallStatus",
                        extParty(PartyRole.CALLER, "1023", V2_OUTBOUND_EXT_CHANNEL, LegState.RINGBACK),
                        outboundParty("1023", "5551234", "siptrunk", V2_OUTBOUND_CHANNEL, LegState.RINGING)),
                event(V2_INTERNAL_CALL, CallEventType.ANSWERED, "CallStatus",
                        extParty(PartyRole.CALLER, "2000", "PJSIP/2000-00000025", LegState.CALLER_ANSWERED),
                        extParty(PartyRole.CALLEE, "1020", "PJSIP/1020-00000026", LegState.ANSWERED)));
    }
}
