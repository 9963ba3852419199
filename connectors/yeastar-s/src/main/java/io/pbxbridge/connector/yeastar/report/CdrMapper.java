package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxLocalTime;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;

import java.time.format.DateTimeParseException;
import java.util.Optional;

/** NewCdr → {@link CallRecord} on pbx.cdr, keyed {@code pbxId/callId}. */
final class CdrMapper {
    private CdrMapper() {
    }

    static Optional<NormalizedRecord> map(ReportContext ctx) {
        String callId = ctx.take("callid");
        if (callId == null) {
            return Optional.empty();
        }
        String started = ctx.take("timestart");
        String status = ctx.take("status");
        String type = ctx.take("type");
        // Built without the Avro builder (its defaults cost as much as the rest of the record): every field
        // without a default of null is set below, a new one must be too (the fixtures' encoding fails until it is).
        CallRecord cdr = new CallRecord();
        cdr.setCallId(callId);
        cdr.setCdrId(ctx.take("cdrid"));
        cdr.setStartedAtRaw(started);
        cdr.setCaller(ctx.take("callfrom"));
        cdr.setCallee(ctx.take("callto"));
        // Yeastar's spellings first; the correct ones in case a firmware fixes them.
        cdr.setCallSeconds(Numbers.intOrNull(ctx, "callduraction", "callduration"));
        cdr.setTalkSeconds(Numbers.intOrNull(ctx, "talkduraction", "talkduration"));
        cdr.setDirection(YeastarCodes.CdrTypeCode.map(type));
        cdr.setDirectionRaw(type);
        cdr.setDisposition(YeastarCodes.CdrStatusCode.map(status));
        cdr.setDispositionRaw(status);
        cdr.setSourceTrunk(ctx.take("srctrunkname"));
        // v1.0 table: dstrunkname; v1.0/v1.1 examples: desttrunkname; v2: dsttrcunkname.
        cdr.setDestinationTrunk(ctx.takeAny("desttrunkname", "dstrunkname", "dsttrcunkname", "dsttrunkname"));
        cdr.setRecordingFile(ctx.take("recording"));
        cdr.setDid(ctx.take("didnumber"));
        cdr.setPinCode(ctx.take("pincode"));
        cdr.setAgentRingSeconds(Numbers.intOrNull(ctx, "agentringtime"));
        if (started != null) {
            try {
                // PBX local time without zone: the configured PBX zone makes it an instant.
                cdr.setStartedAt(PbxLocalTime.instant(PbxLocalTime.parse(started.trim()), ctx.pbx.timeZone()));
            } catch (DateTimeParseException e) {
                ctx.putAttribute("started_at_error", "timestart is not yyyy-MM-dd HH:mm:ss");
            }
        }
        cdr.setHeader(ctx.header(0));
        cdr.setAttributes(ctx.attributes());
        CallRecord value = cdr;
        return Optional.of(new NormalizedRecord(BridgeTopic.CDR, RecordKeys.call(ctx.pbxId(), callId), value,
                value.getHeader().getEventId(), CeTypes.cdr(), ctx.report.receivedAt()));
    }
}
