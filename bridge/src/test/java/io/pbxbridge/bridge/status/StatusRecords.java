package io.pbxbridge.bridge.status;

import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Bridge records for the status page tests, as a tail would decode them. */
final class StatusRecords {
    static final Instant AT = Instant.parse("2026-03-02T09:15:30.250Z");

    private StatusRecords() {
    }

    static EventHeader header(String pbx, IngressChannel ingress, String model) {
        return EventHeader.newBuilder().setEventId("e-" + System.nanoTime()).setPbxId(pbx).setVendor(Vendor.YEASTAR_S)
                .setPbxModel(model).setReceivedAt(AT).setReportFormat("test").setIngress(ingress)
                .setRawPayload("{}").setBridgeVersion("test").build();
    }

    static CallEvent ringing(String pbx, String callId) {
        return CallEvent.newBuilder().setHeader(header(pbx, IngressChannel.HTTP_REPORT, "S300")).setCallId(callId)
                .setType(CallEventType.RINGING).setTypeRaw("RING")
                .setParties(List.of(Party.newBuilder().setRole(PartyRole.CALLER).setKind(PartyKind.EXTENSION)
                        .setNumber("1001").build()))
                .build();
    }

    static PbxEvent session(String pbx, PbxEventType type, String reason) {
        return PbxEvent.newBuilder().setHeader(header(pbx, IngressChannel.SESSION, null)).setType(type)
                .setTypeRaw(type.name()).setReason(reason).build();
    }

    static CommandResult result(String pbx, String commandId, CommandStatus status, String reason) {
        return CommandResult.newBuilder().setCommandId(commandId).setPbxId(pbx).setStatus(status).setReason(reason)
                .setVendorErrorCode(status == CommandStatus.PBX_ERROR ? "10006" : null)
                .setResponseJson("{\"secret_field\":\"response-body-is-never-shown\"}")
                .setLatencyMs(12).setExecutedBy("bridge-a").setCompletedAt(AT).build();
    }

    static DeadLetter deadLetter(String pbx, String where, String reason) {
        return DeadLetter.newBuilder().setSource(DeadLetterSource.REPORT_INGRESS).setSourceDetail(where).setPbxId(pbx)
                .setVendor(Vendor.YEASTAR_S).setReason(reason)
                .setRaw(ByteBuffer.wrap("raw-body-is-never-shown".getBytes(StandardCharsets.UTF_8)))
                .setReceivedAt(AT).setBridgeVersion("test").build();
    }
}
