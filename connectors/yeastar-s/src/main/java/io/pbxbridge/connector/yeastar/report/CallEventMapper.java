package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Call reports → {@link CallEvent} on pbx.call-events, keyed {@code pbxId/callId}. */
final class CallEventMapper {

    private CallEventMapper() {
    }

    /** Empty when the report has no call id to key it by (the caller publishes it as unmodelled). */
    static Optional<NormalizedRecord> map(ReportContext ctx, YeastarReportType type) {
        String callId = type == YeastarReportType.UACSTA_CALL
                ? ctx.takeAny("cstacallid", "callid")
                : ctx.take("callid");
        if (callId == null) {
            return Optional.empty();
        }
        List<Party> parties = PartyReader.read(ctx);
        // Built without the Avro builder (its defaults cost as much as the rest of the event): every field
        // without a default of null is set below, a new one must be too (the fixtures' encoding fails until it is).
        CallEvent event = new CallEvent();
        event.setCallId(callId);
        event.setTypeRaw(ctx.name);
        switch (type) {
            case RING -> event.setType(CallEventType.RINGING);
            case ALERT -> event.setType(CallEventType.RINGBACK);
            case ANSWER -> event.setType(CallEventType.ANSWERED);
            case ANSWERED -> event.setType(CallEventType.CALLER_ANSWERED);
            case BYE -> {
                event.setType(CallEventType.ENDED);
                parties = markReleasedBy(ctx, parties);
            }
            case TRANFER -> event.setType(CallEventType.TRANSFERRED);
            case CALL_FAILED -> {
                event.setType(CallEventType.FAILED);
                event.setReason(ctx.take("reason"));
            }
            case DTMF -> {
                event.setType(CallEventType.DTMF);
                event.setDigits(ctx.take("info"));
                event.setDigitsSoFar(ctx.take("infos"));
                event.setSequence(Numbers.intOrNull(ctx, "flag"));
            }
            case INVITE -> event.setType(CallEventType.INBOUND_REQUEST);
            case INCOMING -> event.setType(CallEventType.INBOUND_ANSWERED_BY_TRUNK);
            case PLAY_PROMPT_END -> {
                event.setType(CallEventType.PROMPT_ENDED);
                event.setPrompt(ctx.take("prompt"));
                ctx.root.object("ivr").ifPresent(ivr -> {
                    ctx.use("ivr");
                    ctx.putAttribute("ivr_id", ivr.nonBlank("ivrid"));
                    ivr.entries().stream().filter(e -> !e.getKey().equals("ivrid"))
                            .forEach(e -> ReportContext.flatten("ivr." + e.getKey(), e.getValue(), ctx::putAttribute));
                });
                ctx.putAttribute("playtonum", ctx.take("playtonum"));
            }
            case SATISFACTION -> {
                event.setType(CallEventType.SURVEY_RESULT);
                event.setDigits(ctx.take("surveyresult"));
            }
            case CALL_STATUS -> callStatus(event, parties);
            case CONFERENCE_STATUS -> {
                event.setType(CallEventType.CONFERENCE_CHANGED);
                ctx.putAttribute("conference_number", ctx.take("conferencenumber"));
                ctx.putAttribute("conference_name", ctx.take("conferencename"));
            }
            case UACSTA_CALL -> {
                event.setType(CallEventType.PHONE_CONTROL);
                String operation = ctx.take("operation");
                String ext = ctx.take("extnumber");
                ctx.putAttribute("operation", operation);
                ctx.putAttribute("extnumber", ext);
                ctx.putAttribute("ipaddress", ctx.take("ipaddress"));
                if (ext != null) {
                    parties = new ArrayList<>(parties);
                    Party phone = new Party();
                    phone.setRole(PartyRole.UNKNOWN);
                    phone.setKind(PartyKind.EXTENSION);
                    phone.setKindRaw("extnumber");
                    phone.setNumber(ext);
                    phone.setLegRef(ext);
                    parties.add(phone);
                }
                if (operation != null) {
                    event.setTypeRaw(ctx.name + "/" + operation);
                }
            }
            default -> throw new IllegalArgumentException("not a call report: " + type);
        }
        if (type == YeastarReportType.CONFERENCE_STATUS) {
            parties.forEach(p -> p.setRole(PartyRole.OTHER));
        } else if (type != YeastarReportType.UACSTA_CALL) {
            parties = PartyRoles.assign(parties, PartyRoles.orderOf(type));
        }
        event.setParties(parties);
        event.setHeader(ctx.header(0));
        event.setAttributes(ctx.attributes());
        CallEvent value = event;
        return Optional.of(new NormalizedRecord(BridgeTopic.CALL_EVENTS, RecordKeys.call(ctx.pbxId(), callId),
                value, value.getHeader().getEventId(), CeTypes.call(value.getType()), ctx.report.receivedAt()));
    }

    /** BYE lists the party who hung up first: that leg is HUNG_UP, and its number is {@code released_by}. */
    private static List<Party> markReleasedBy(ReportContext ctx, List<Party> parties) {
        if (parties.isEmpty()) {
            return parties;
        }
        Party first = parties.get(0);
        if (first.getState() == null) {
            first.setState(LegState.HUNG_UP);
            first.setStateRaw("BYE");
        }
        ctx.putAttribute("released_by", first.getNumber());
        return parties;
    }

    /**
     * v2 CallStatus carries every member's state but not which member changed, so the event type is
     * the state of the whole call: all BYE → ENDED; some BYE → UPDATED (a leg left, the call goes
     * on); any HOLD → HELD; any ANSWER/ANSWERED → ANSWERED; any RING → RINGING; any ALERT →
     * RINGBACK; otherwise UPDATED. Each member's own state is in its Party (state/state_raw).
     * A RESUMED cannot be told apart from ANSWERED without remembering the previous report.
     */
    static void callStatus(CallEvent event, List<Party> parties) {
        Set<LegState> states = parties.stream().map(Party::getState).filter(s -> s != null)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(LegState.class)));
        boolean allBye = !parties.isEmpty() && parties.stream().allMatch(p -> p.getState() == LegState.HUNG_UP);
        CallEventType type;
        String decisive;
        if (allBye) {
            type = CallEventType.ENDED;
            decisive = "BYE";
        } else if (states.contains(LegState.HUNG_UP)) {
            type = CallEventType.UPDATED;
            decisive = null;
        } else if (states.contains(LegState.HELD)) {
            type = CallEventType.HELD;
            decisive = "HOLD";
        } else if (states.contains(LegState.ANSWERED) || states.contains(LegState.CALLER_ANSWERED)) {
            type = CallEventType.ANSWERED;
            decisive = states.contains(LegState.ANSWERED) ? "ANSWER" : "ANSWERED";
        } else if (states.contains(LegState.RINGING)) {
            type = CallEventType.RINGING;
            decisive = "RING";
        } else if (states.contains(LegState.RINGBACK)) {
            type = CallEventType.RINGBACK;
            decisive = "ALERT";
        } else {
            type = CallEventType.UPDATED;
            decisive = null;
        }
        event.setType(type);
        String raw = decisive != null ? decisive : parties.stream().map(Party::getStateRaw)
                .filter(s -> s != null).distinct().collect(Collectors.joining(","));
        event.setTypeRaw(event.getTypeRaw() + (raw.isEmpty() ? "" : "/" + raw));
    }
}
