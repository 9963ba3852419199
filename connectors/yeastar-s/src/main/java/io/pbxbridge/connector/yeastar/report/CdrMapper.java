package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** NewCdr → {@link CallRecord} on pbx.cdr, keyed {@code pbxId/callId}. */
final class CdrMapper {
    private static final DateTimeFormatter TIMESTART = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

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
        CallRecord.Builder cdr = CallRecord.newBuilder()
                .setCallId(callId)
                .setCdrId(ctx.take("cdrid"))
                .setStartedAtRaw(started)
                .setCaller(ctx.take("callfrom"))
                .setCallee(ctx.take("callto"))
                // Yeastar's spellings first; the correct ones in case a firmware fixes them.
                .setCallSeconds(Numbers.intOrNull(ctx, "callduraction", "callduration"))
                .setTalkSeconds(Numbers.intOrNull(ctx, "talkduraction", "talkduration"))
                .setDirection(YeastarCodes.CdrTypeCode.map(type))
                .setDirectionRaw(type)
                .setDisposition(YeastarCodes.CdrStatusCode.map(status))
                .setDispositionRaw(status)
                .setSourceTrunk(ctx.take("srctrunkname"))
                // v1.0 table: dstrunkname; v1.0/v1.1 examples: desttrunkname; v2: dsttrcunkname.
                .setDestinationTrunk(ctx.takeAny("desttrunkname", "dstrunkname", "dsttrcunkname", "dsttrunkname"))
                .setRecordingFile(ctx.take("recording"))
                .setDid(ctx.take("didnumber"))
                .setPinCode(ctx.take("pincode"))
                .setAgentRingSeconds(Numbers.intOrNull(ctx, "agentringtime"));
        if (started != null) {
            try {
                // PBX local time without zone: the configured PBX zone makes it an instant.
                cdr.setStartedAt(LocalDateTime.parse(started.trim(), TIMESTART).atZone(ctx.pbx.timeZone()).toInstant());
            } catch (DateTimeParseException e) {
                ctx.putAttribute("started_at_error", "timestart is not yyyy-MM-dd HH:mm:ss");
            }
        }
        cdr.setHeader(ctx.header(0));
        cdr.setAttributes(ctx.attributes());
        CallRecord value = cdr.build();
        return Optional.of(new NormalizedRecord(BridgeTopic.CDR, RecordKeys.call(ctx.pbxId(), callId), value,
                value.getHeader().getEventId(), CeTypes.cdr(), ctx.report.receivedAt()));
    }
}
