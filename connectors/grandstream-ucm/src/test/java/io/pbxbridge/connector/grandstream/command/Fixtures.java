package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ConfigureAction;
import io.pbxbridge.schema.DialAction;
import io.pbxbridge.schema.Endpoint;
import io.pbxbridge.schema.EndpointKind;
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
import io.pbxbridge.schema.VendorAction;
import io.pbxbridge.schema.topic.BridgeTopic;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Commands and tracked calls for the mapper tests (call_id = linkedid, leg_ref = channel, as the connector publishes). */
final class Fixtures {
    /** Inbound: 0301555 on trunk_1 → extension 1001 (INBOUND_REQUEST, then answered). */
    static final String INBOUND_CALL = "1764150000.10";
    static final String INBOUND_TRUNK = "PJSIP/trunk_1-00000001";
    static final String INBOUND_EXT = "PJSIP/1001-00000002";
    /** Outbound: 1002 → 0309999 over trunk_2. */
    static final String OUTBOUND_CALL = "1764150000.20";
    static final String OUTBOUND_EXT = "PJSIP/1002-00000003";
    static final String OUTBOUND_TRUNK = "PJSIP/trunk_2-00000004";
    /** Internal: 1003 → 1004. */
    static final String INTERNAL_CALL = "1764150000.30";
    static final String INTERNAL_A = "PJSIP/1003-00000005";
    static final String INTERNAL_B = "PJSIP/1004-00000006";

    private Fixtures() {
    }

    static UcmCallTracker tracker() {
        UcmCallTracker tracker = new UcmCallTracker();
        tracker.observe(calls());
        return tracker;
    }

    static List<NormalizedRecord> calls() {
        return List.of(
                event(INBOUND_CALL, CallEventType.INBOUND_REQUEST,
                        party(PartyRole.CALLER, PartyKind.EXTERNAL, "0301555", INBOUND_TRUNK, LegState.RINGING)),
                event(INBOUND_CALL, CallEventType.ANSWERED,
                        party(PartyRole.CALLER, PartyKind.EXTERNAL, "0301555", INBOUND_TRUNK, LegState.ANSWERED),
                        party(PartyRole.CALLEE, PartyKind.EXTENSION, "1001", INBOUND_EXT, LegState.ANSWERED)),
                event(OUTBOUND_CALL, CallEventType.ANSWERED,
                        party(PartyRole.CALLER, PartyKind.EXTENSION, "1002", OUTBOUND_EXT, LegState.ANSWERED),
                        party(PartyRole.CALLEE, PartyKind.EXTERNAL, "0309999", OUTBOUND_TRUNK, LegState.ANSWERED)),
                event(INTERNAL_CALL, CallEventType.ANSWERED,
                        party(PartyRole.CALLER, PartyKind.EXTENSION, "1003", INTERNAL_A, LegState.ANSWERED),
                        party(PartyRole.CALLEE, PartyKind.EXTENSION, "1004", INTERNAL_B, LegState.ANSWERED)));
    }

    static NormalizedRecord event(String callId, CallEventType type, Party... parties) {
        CallEvent e = new CallEvent();
        e.setCallId(callId);
        e.setType(type);
        e.setTypeRaw("ActiveCallStatus");
        e.setParties(List.of(parties));
        e.setAttributes(Map.of());
        return new NormalizedRecord(BridgeTopic.CALL_EVENTS, "ucm-1/" + callId, e, callId + type, "test", Instant.now());
    }

    static Party party(PartyRole role, PartyKind kind, String number, String channel, LegState state) {
        Party p = new Party();
        p.setRole(role);
        p.setKind(kind);
        p.setNumber(number);
        p.setLegRef(channel);
        p.setState(state);
        return p;
    }

    static Command.Builder base(CommandAction action) {
        return Command.newBuilder().setCommandId("cmd-1").setPbxId("ucm-1").setIssuedAt(Instant.parse("2026-11-26T10:00:00Z"))
                .setAction(action);
    }

    static Endpoint ep(EndpointKind kind, String number) {
        return Endpoint.newBuilder().setKind(kind).setNumber(number).build();
    }

    static Command dial(EndpointKind fk, String from, EndpointKind tk, String to) {
        return base(CommandAction.DIAL).setDial(DialAction.newBuilder().setFrom(ep(fk, from)).setTo(ep(tk, to)).build()).build();
    }

    static CallTarget target(String callId, String legRef, String extension) {
        return CallTarget.newBuilder().setCallId(callId).setLegRef(legRef).setExtension(extension).build();
    }

    static Command call(CommandAction action, String callId, String legRef, String extension) {
        return base(action).setCall(target(callId, legRef, extension)).build();
    }

    static Command transfer(CallTarget call, EndpointKind kind, String number) {
        return base(CommandAction.TRANSFER).setTransfer(TransferAction.newBuilder().setCall(call)
                .setTo(ep(kind, number)).build()).build();
    }

    static Command monitor(MonitorMode mode, String supervisor, CallTarget call) {
        return base(CommandAction.MONITOR).setMonitor(MonitorAction.newBuilder().setMode(mode)
                .setMonitorExtension(supervisor).setCall(call).build()).build();
    }

    static Command prompt(String extension, String... prompts) {
        return base(CommandAction.PLAY_PROMPT).setPlayPrompt(PlayPromptAction.newBuilder()
                .setTo(ep(EndpointKind.EXTENSION, extension)).setPrompts(List.of(prompts)).build()).build();
    }

    static Command query(QuerySubject subject, String id, Map<String, String> filters) {
        return base(CommandAction.QUERY).setQuery(QueryAction.newBuilder().setSubject(subject).setId(id)
                .setFilters(filters).build()).build();
    }

    static Command configure(ConfigEntity entity, ConfigOperation op, String id, String fields) {
        return base(CommandAction.CONFIGURE).setConfigure(ConfigureAction.newBuilder().setEntity(entity)
                .setOperation(op).setId(id).setFieldsJson(fields).build()).build();
    }

    static Command vendor(String action, String params) {
        return base(CommandAction.VENDOR).setVendor(VendorAction.newBuilder().setAction(action)
                .setParametersJson(params).build()).build();
    }

    static Command sms() {
        return base(CommandAction.SEND_SMS).setSendSms(SendSmsAction.newBuilder().setTrunk("gsm1")
                .setNumber("0301555").setMessage("hello").build()).build();
    }
}
