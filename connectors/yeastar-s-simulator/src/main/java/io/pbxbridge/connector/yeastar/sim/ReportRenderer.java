package io.pbxbridge.connector.yeastar.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders simulated PBX events as report bodies in the three documented formats (spec §A.3.2).
 * Party order follows the vendor samples: RING and ANSWER name the callee first, ALERT names the
 * caller, ANSWERED names the caller first, BYE names the party that hung up first.
 */
final class ReportRenderer {
    private final ReportFormat format;
    private final String sn;

    ReportRenderer(ReportFormat format, String sn) {
        this.format = format;
        this.sn = sn;
    }

    ReportFormat format() {
        return format;
    }

    String bootUp() {
        return base("BootUp").sn();
    }

    String configChange(String type, String idKey, String idValue, String operation) {
        return base("ConfigChange").field("type", type).field(idKey, idValue).field("operation", operation).sn();
    }

    String extensionStatus(String ext, ExtensionState state) {
        return base("ExtensionStatus").field("extension", ext).field("status", state.wire(format)).sn();
    }

    /** The callee starts ringing: v1 RING + ALERT; v2 one CallStatus. A null caller is an IVR/queue leg-less call. */
    List<String> ringing(SimCall call) {
        if (format == ReportFormat.MEMBERS) {
            if (call.caller != null) {
                call.caller.memberStatus = "ALERT";
            }
            call.callee.memberStatus = "RING";
            return List.of(callStatus(call));
        }
        if (call.caller == null) {
            return List.of(base("RING").callId(call).parties(call.callee).sn());
        }
        return List.of(
                base("RING").callId(call).parties(call.callee, call.caller).sn(),
                base("ALERT").callId(call).parties(call.caller).sn());
    }

    List<String> answered(SimCall call) {
        if (format == ReportFormat.MEMBERS) {
            if (call.caller != null) {
                call.caller.memberStatus = "ANSWERED";
            }
            call.callee.memberStatus = "ANSWER";
            return List.of(callStatus(call));
        }
        if (call.caller == null) {
            return List.of(base("ANSWER").callId(call).parties(call.callee).sn());
        }
        return List.of(
                base("ANSWER").callId(call).parties(call.callee, call.caller).sn(),
                base("ANSWERED").callId(call).parties(call.caller, call.callee).sn());
    }

    /** Hold and resume exist only as v2 CallStatus changes; v1 has no report for them. */
    List<String> holdChanged(SimCall call, SimLeg leg) {
        if (format != ReportFormat.MEMBERS) {
            return List.of();
        }
        leg.memberStatus = leg.held ? "HOLD" : (leg == call.caller ? "ANSWERED" : "ANSWER");
        return List.of(callStatus(call));
    }

    List<String> released(SimCall call, SimLeg hanger) {
        List<SimLeg> order = new ArrayList<>();
        if (hanger != null) {
            order.add(hanger);
        }
        for (SimLeg l : call.legs()) {
            if (l != hanger && l != null) {
                order.add(l);
            }
        }
        if (format == ReportFormat.MEMBERS) {
            order.forEach(l -> l.memberStatus = "BYE");
            return List.of(callStatus(call, order));
        }
        return List.of(base("BYE").callId(call).parties(order.toArray(SimLeg[]::new)).sn());
    }

    String invite(SimCall call) {
        return base("Invite").callId(call).membersWithoutStatus(call.caller).sn();
    }

    /** {@code Incoming} is a v1 report; no v2 counterpart is documented. */
    List<String> incoming(SimCall call) {
        if (format == ReportFormat.MEMBERS) {
            return List.of();
        }
        return List.of(base("Incoming").callId(call).parties(call.caller).sn());
    }

    String transfer(SimCall call, SimLeg from, SimLeg to) {
        return base("Tranfer").callId(call).membersWithoutStatus(from, to).sn();
    }

    String callFailed(SimCall call, FailureReason reason, SimLeg... parties) {
        Builder b = base("CallFailed").field("reason", reason.wire(format)).callId(call);
        if (format == ReportFormat.MEMBERS) {
            return b.membersWithoutStatus(parties).sn();
        }
        // The v1.1.0 sample (S1 api_call_failure.html) keeps flat party objects, no call[] array.
        return b.flatParties(parties).sn();
    }

    String dtmf(SimCall call, SimLeg leg, String digit, int flag, String infos) {
        Builder b = base("DTMF").callId(call).membersWithoutStatus(leg).field("info", digit);
        if (format != ReportFormat.FLAT) {
            b.field("flag", Integer.toString(flag)).field("infos", infos);
        }
        return b.sn();
    }

    String playPromptEnd(SimCall call, SimLeg leg, String prompt) {
        Builder b = base("PlayPromptEnd").callId(call);
        if (leg.isExt() || format == ReportFormat.MEMBERS) {
            b.membersWithoutStatus(leg);
        } else {
            // GH-EN sample for a prompt to an external number: outbound carries only trunkname.
            String raw = JsonText.object().put("trunkname", leg.trunk).text();
            if (format == ReportFormat.FLAT) {
                b.json.putRaw("outbound", raw);
            } else {
                b.json.putRaw("call", JsonText.array(List.of(JsonText.object().putRaw("outbound", raw).text())));
            }
        }
        return b.field("prompt", prompt).sn();
    }

    /** Field names keep the vendor typos of each version: callduraction, desttrunkname, dsttrcunkname. */
    String newCdr(SimCall call, CdrData cdr) {
        Builder b = base("NewCdr").callId(call).field("timestart", cdr.timeStart())
                .field("callfrom", cdr.callFrom()).field("callto", cdr.callTo());
        String status = cdr.answered() ? "ANSWERED"
                : format == ReportFormat.MEMBERS ? (cdr.busy() ? "BUSY" : "NO ANSWER")
                : (cdr.failed() ? "FAILED" : "NO ANSWER");
        String recording = cdr.answered()
                ? cdr.recordingStamp() + "-" + call.callId + "-" + cdr.callFrom() + "-" + cdr.callTo() + "-"
                + call.kind.cdrType + ".wav" : "";
        if (format == ReportFormat.MEMBERS) {
            b.field("callduraction", cdr.callDuration()).field("talkduraction", cdr.talkDuration())
                    .field("srctrunkname", cdr.srcTrunk()).field("dsttrcunkname", cdr.dstTrunk())
                    .field("pincode", "").field("status", status).field("type", call.kind.cdrType)
                    .field("recording", recording).field("didnumber", cdr.didNumber())
                    .field("agentringtime", cdr.agentRingTime());
            return b.sn();
        }
        if (!cdr.srcTrunk().isEmpty()) {
            b.field("srctrunkname", cdr.srcTrunk());
        }
        b.field("desttrunkname", cdr.dstTrunk())
                .field("callduraction", cdr.callDuration()).field("talkduraction", cdr.talkDuration())
                .field("status", status).field("type", call.kind.cdrType).field("pincode", "")
                .field("recording", recording);
        if (format == ReportFormat.CALL_ARRAY) {
            b.field("didnumber", cdr.didNumber()).field("agentringtime", cdr.agentRingTime());
        }
        return b.sn();
    }

    /** What a released call leaves behind; durations are whole seconds as strings. */
    record CdrData(String timeStart, String callFrom, String callTo, String callDuration, String talkDuration,
                   String srcTrunk, String dstTrunk, boolean answered, boolean failed, boolean busy,
                   String didNumber, String agentRingTime, String recordingStamp) {
    }

    private String callStatus(SimCall call) {
        return callStatus(call, call.legs());
    }

    private String callStatus(SimCall call, List<SimLeg> legs) {
        Builder b = base("CallStatus").callId(call);
        List<String> members = new ArrayList<>();
        for (SimLeg l : legs) {
            members.add(member(l, true));
        }
        b.json.putRaw("members", JsonText.array(members));
        return b.sn();
    }

    private Builder base(String name) {
        return new Builder(name);
    }

    private String partyObject(SimLeg leg) {
        JsonText o = JsonText.object();
        switch (leg.kind) {
            case EXT -> o.put("extid", leg.number);
            case INBOUND -> o.put("from", leg.from).put("to", leg.to).put("trunk", leg.trunk)
                    .put("inboundid", leg.channelIdOrId());
            case OUTBOUND -> o.put("from", leg.from).put("to", leg.to).put("trunk", leg.trunk)
                    .put("outboundid", leg.channelIdOrId());
        }
        return o.text();
    }

    private String member(SimLeg leg, boolean withStatus) {
        JsonText o = JsonText.object();
        if (leg.isExt()) {
            o.put("number", leg.number);
        } else {
            o.put("from", leg.from).put("to", leg.to).put("trunkname", leg.trunk);
        }
        o.put("channelid", leg.channelId);
        if (withStatus) {
            o.put("memberstatus", leg.memberStatus == null ? "RING" : leg.memberStatus);
            o.putIfNotNull("callpath", leg.callPath);
        }
        return JsonText.object().putRaw(key(leg), o.text()).text();
    }

    private static String key(SimLeg leg) {
        return switch (leg.kind) {
            case EXT -> "ext";
            case INBOUND -> "inbound";
            case OUTBOUND -> "outbound";
        };
    }

    private final class Builder {
        final JsonText json = JsonText.object();

        Builder(String name) {
            json.put(format == ReportFormat.MEMBERS ? "event" : "action", name);
        }

        Builder callId(SimCall call) {
            json.put("callid", call.callId);
            return this;
        }

        Builder field(String key, String value) {
            json.put(key, value);
            return this;
        }

        /** FLAT: repeated top-level keys; CALL_ARRAY: {@code call[]}; MEMBERS: {@code members[]}. */
        Builder parties(SimLeg... legs) {
            return switch (format) {
                case FLAT -> flatParties(legs);
                case CALL_ARRAY -> {
                    List<String> items = new ArrayList<>();
                    for (SimLeg l : legs) {
                        items.add(JsonText.object().putRaw(key(l), partyObject(l)).text());
                    }
                    json.putRaw("call", JsonText.array(items));
                    yield this;
                }
                case MEMBERS -> membersWithoutStatus(legs);
            };
        }

        Builder flatParties(SimLeg... legs) {
            for (SimLeg l : legs) {
                json.putRaw(key(l), partyObject(l));
            }
            return this;
        }

        Builder membersWithoutStatus(SimLeg... legs) {
            if (format != ReportFormat.MEMBERS) {
                return parties(legs);
            }
            List<String> items = new ArrayList<>();
            for (SimLeg l : legs) {
                items.add(member(l, false));
            }
            json.putRaw("members", JsonText.array(items));
            return this;
        }

        String sn() {
            if (format != ReportFormat.FLAT) {
                json.put("sn", sn);
            }
            return json.text();
        }
    }
}
