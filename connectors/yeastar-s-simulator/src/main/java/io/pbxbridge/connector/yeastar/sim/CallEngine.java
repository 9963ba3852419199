package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarErrno;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * Live calls of the simulated PBX and their flows: every state change emits the reports a real PBX
 * would send (through {@link ReportSink}, which renders them in the client's pinned format). Both the
 * API endpoints and the scenario generator drive calls through here. Event-loop confined.
 */
final class CallEngine {
    /**
     * Renders and queues reports for the registered client; one future per report queued (none when
     * no client is logged in).
     */
    interface ReportSink {
        List<Future<Void>> emit(Function<ReportRenderer, List<String>> render);
    }

    /** Where an API transfer sends a call. */
    record Destination(String kind, String id, String fromExt) {
        static Destination ext(String n) { return new Destination("ext", n, null); }
        static Destination ivr(String n) { return new Destination("ivr", n, null); }
        static Destination queue(String n) { return new Destination("queue", n, null); }
        static Destination ringGroup(String n) { return new Destination("ringgroup", n, null); }
        static Destination outbound(String n, String fromExt) { return new Destination("outbound", n, fromExt); }
    }

    private static final DateTimeFormatter CDR_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter REC_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final Vertx vertx;
    private final YeastarSimulatorOptions options;
    private final PbxDirectory dir;
    private final ReportSink sink;
    private final Clock clock;
    private final Random random;
    final Map<String, SimCall> calls = new LinkedHashMap<>();
    private long seq;
    private long channelSeq;

    CallEngine(Vertx vertx, YeastarSimulatorOptions options, PbxDirectory dir, ReportSink sink) {
        this.vertx = vertx;
        this.options = options;
        this.dir = dir;
        this.sink = sink;
        this.clock = options.clock();
        this.random = new Random(options.randomSeed());
        this.seq = 100 + random.nextInt(900);
    }

    Random random() {
        return random;
    }

    // ---------------------------------------------------------------- ids

    private String nextId() {
        return clock.instant().getEpochSecond() + "." + (++seq);
    }

    private String extChannel(String ext) {
        return "PJSIP/" + ext + "-" + String.format("%08x", ++channelSeq);
    }

    private String trunkChannel(String trunk) {
        return "PJSIP/trunk-" + trunk + "-endpoint-" + String.format("%08x", ++channelSeq);
    }

    private SimLeg extLeg(String ext) {
        return SimLeg.ext(ext, extChannel(ext));
    }

    private SimCall newCall(SimCall.Kind kind, Duration talk) {
        SimCall c = new SimCall(nextId(), kind, clock.instant());
        c.talk = talk;
        calls.put(c.callId, c);
        return c;
    }

    private SimLeg outboundLeg(SimCall call, String from, String to, TrunkSpec trunk) {
        SimLeg leg = SimLeg.outbound(from, to, trunk.name(), trunkChannel(trunk.name()));
        if (call.outboundId == null) {
            call.outboundId = nextId();
        }
        leg.trunkCallId = call.outboundId;
        return leg;
    }

    // ---------------------------------------------------------------- lookups (documented errnos)

    SimCall callOfExtension(String ext) {
        dir.extension(ext);
        return live().filter(c -> c.involvesExtension(ext)).findFirst()
                .orElseThrow(() -> SimApiException.of(YeastarErrno.CALL_NOT_FOUND));
    }

    SimCall callByInboundId(String id) {
        return live().filter(c -> id.equals(c.inboundId)).findFirst()
                .orElseThrow(() -> SimApiException.of(YeastarErrno.CALL_NOT_FOUND));
    }

    SimCall callByOutboundId(String id) {
        return live().filter(c -> id.equals(c.outboundId)).findFirst()
                .orElseThrow(() -> SimApiException.of(YeastarErrno.CALL_NOT_FOUND));
    }

    SimCall callByChannel(String channelId) {
        return live().filter(c -> c.legByChannel(channelId) != null).findFirst()
                .orElseThrow(() -> SimApiException.of(YeastarErrno.CALL_NOT_FOUND));
    }

    private java.util.stream.Stream<SimCall> live() {
        return new ArrayList<>(calls.values()).stream().filter(c -> c.state != SimCall.State.ENDED);
    }

    List<SimCall> liveCalls() {
        return live().toList();
    }

    // ---------------------------------------------------------------- flow primitives

    private void emit(SimCall call, Function<ReportRenderer, List<String>> render) {
        List<Future<Void>> sent = sink.emit(render);
        if (call != null) {
            call.reports.addAll(sent);
        }
    }

    private void extState(SimCall call, String ext, ExtensionState state) {
        dir.findExtension(ext).ifPresent(e -> {
            if (e.state != state) {
                e.state = state;
                emit(call, r -> List.of(r.extensionStatus(ext, state)));
            }
        });
    }

    private void later(Runnable step) {
        long ms = options.callStepDelay().toMillis();
        if (ms <= 0) {
            vertx.runOnContext(v -> step.run());
        } else {
            vertx.setTimer(ms, id -> step.run());
        }
    }

    /** The callee rings, then answers one step later (unless the call changed meanwhile). */
    private void connect(SimCall call) {
        if (call.state == SimCall.State.ENDED) {
            return;
        }
        int gen = ++call.generation;
        call.state = SimCall.State.RINGING;
        if (call.caller != null && call.caller.isExt()) {
            extState(call, call.caller.number, ExtensionState.BUSY);
        }
        if (call.callee.isExt()) {
            extState(call, call.callee.number, ExtensionState.RINGING);
        }
        emit(call, r -> r.ringing(call));
        later(() -> {
            if (call.generation == gen && call.state == SimCall.State.RINGING) {
                answer(call);
            }
        });
    }

    private void answer(SimCall call) {
        call.state = SimCall.State.TALKING;
        if (call.answeredAt == null) {
            call.answeredAt = clock.instant();
        }
        if (call.callee.isExt()) {
            extState(call, call.callee.number, ExtensionState.BUSY);
        }
        emit(call, r -> r.answered(call));
        Runnable next = call.onAnswered;
        call.onAnswered = null;
        if (next != null) {
            later(next);
        } else {
            scheduleEnd(call, call.talk);
        }
    }

    private void scheduleEnd(SimCall call, Duration after) {
        if (call.endTimer >= 0) {
            vertx.cancelTimer(call.endTimer);
        }
        call.endTimer = vertx.setTimer(Math.max(1, after.toMillis()), id -> {
            call.endTimer = -1;
            SimLeg hanger = call.callee != null && random.nextBoolean() ? call.callee : call.caller;
            release(call, hanger != null ? hanger : call.callee);
        });
    }

    /** BYE (or v2 CallStatus BYE), extensions back to idle, then the CDR. */
    void release(SimCall call, SimLeg hanger) {
        if (call.state == SimCall.State.ENDED) {
            return;
        }
        boolean everTalked = call.answeredAt != null;
        call.state = SimCall.State.ENDED;
        cancelTimers(call);
        if (!call.legs().isEmpty()) {
            emit(call, r -> r.released(call, hanger));
        }
        for (SimLeg l : call.legs()) {
            if (l.isExt()) {
                extState(call, l.number, ExtensionState.IDLE);
            }
        }
        emitCdr(call, everTalked);
        finish(call);
    }

    private void fail(SimCall call, FailureReason reason, SimLeg... parties) {
        call.state = SimCall.State.ENDED;
        call.failed = true;
        call.busy = reason == FailureReason.BUSY;
        cancelTimers(call);
        emit(call, r -> List.of(r.callFailed(call, reason, parties)));
        for (SimLeg l : call.legs()) {
            if (l.isExt()) {
                extState(call, l.number, ExtensionState.IDLE);
            }
        }
        emitCdr(call, false);
        finish(call);
    }

    private void cancelTimers(SimCall call) {
        if (call.endTimer >= 0) {
            vertx.cancelTimer(call.endTimer);
            call.endTimer = -1;
        }
        if (call.inviteTimer >= 0) {
            vertx.cancelTimer(call.inviteTimer);
            call.inviteTimer = -1;
        }
    }

    private void finish(SimCall call) {
        calls.remove(call.callId);
        Future.join(new ArrayList<>(call.reports)).onComplete(ar -> {
            if (ar.succeeded()) {
                call.ended.tryComplete();
            } else {
                call.ended.tryFail(ar.cause());
            }
        });
    }

    private void emitCdr(SimCall call, boolean answered) {
        Instant now = clock.instant();
        LocalDateTime start = LocalDateTime.ofInstant(call.start, clock.getZone());
        long callSecs = Math.max(0, Duration.between(call.start, now).toSeconds());
        long talkSecs = call.answeredAt == null ? 0 : Math.max(0, Duration.between(call.answeredAt, now).toSeconds());
        SimLeg from = call.caller;
        SimLeg to = call.callee;
        String callFrom = from == null ? nullToEmpty(call.callPath) : (from.kind == SimLeg.Kind.OUTBOUND ? from.to : from.number);
        String callTo = to == null ? nullToEmpty(call.callPath) : (to.kind == SimLeg.Kind.INBOUND ? to.from : to.number);
        String src = from != null && from.kind == SimLeg.Kind.INBOUND ? from.trunk : "";
        String dst = to != null && to.kind == SimLeg.Kind.OUTBOUND ? to.trunk : "";
        String did = from != null && from.kind == SimLeg.Kind.INBOUND ? from.to : "";
        ReportRenderer.CdrData cdr = new ReportRenderer.CdrData(CDR_TIME.format(start), callFrom, callTo,
                Long.toString(callSecs), Long.toString(talkSecs), src, dst, answered, call.failed, call.busy,
                did, "0", REC_TIME.format(start));
        emit(call, r -> List.of(r.newCdr(call, cdr)));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // ---------------------------------------------------------------- inbound answering control

    /** Sends Invite and waits for accept/refuse when the trunk asks for it; otherwise proceeds at once. */
    private void offerInbound(SimCall call, Runnable proceed) {
        TrunkSpec trunk = dir.trunks.get(call.caller.trunk);
        Runnable afterAnswering = () -> {
            if (trunk != null && trunk.controlInboundDestination()) {
                emit(call, r -> r.incoming(call));
            }
            proceed.run();
        };
        if (trunk != null && trunk.controlInboundAnswering()) {
            call.state = SimCall.State.INVITING;
            call.inviteAt = clock.instant();
            call.afterAccept = afterAnswering;
            emit(call, r -> List.of(r.invite(call)));
            // No answer within the window: the PBX accepts the call (GH-EN enable-s-series-voip-pbx-api).
            call.inviteTimer = vertx.setTimer(Math.max(1, options.inboundControlWindow().toMillis()),
                    id -> acceptInvite(call));
        } else {
            afterAnswering.run();
        }
    }

    private void acceptInvite(SimCall call) {
        if (call.state != SimCall.State.INVITING) {
            return;
        }
        if (call.inviteTimer >= 0) {
            vertx.cancelTimer(call.inviteTimer);
            call.inviteTimer = -1;
        }
        call.state = SimCall.State.RINGING;
        Runnable next = call.afterAccept;
        call.afterAccept = null;
        next.run();
    }

    /** {@code inbound/accept|refuse} and v2 {@code call/accept_inbound|refuse_inbound}. */
    void answerInvite(SimCall call, boolean accept) {
        boolean inWindow = call.state == SimCall.State.INVITING && call.inviteAt != null
                && clock.instant().isBefore(call.inviteAt.plus(options.inboundControlWindow()));
        if (!inWindow) {
            // Past the window the PBX has already accepted the call.
            acceptInvite(call);
            throw SimApiException.of(YeastarErrno.INBOUND_CONTROL_TIMED_OUT);
        }
        if (accept) {
            acceptInvite(call);
        } else {
            // A refused call is hung up and leaves no call log (no CDR).
            call.state = SimCall.State.ENDED;
            cancelTimers(call);
            finish(call);
        }
    }

    // ---------------------------------------------------------------- API dials

    private void requireIdle(SimExtension e) {
        if (!e.idle()) {
            throw SimApiException.of(YeastarErrno.EXTENSION_NOT_IDLE);
        }
    }

    private SimExtension callerWithOutboundPermission(String ext) {
        SimExtension e = dir.extension(ext);
        if (!"yes".equals(e.settings.getString("outboundpermission"))) {
            throw SimApiException.of(YeastarErrno.NO_OUTBOUND_PERMISSION);
        }
        return e;
    }

    SimCall dialExtension(String caller, String callee) {
        SimExtension a = dir.extension(caller);
        SimExtension b = dir.extension(callee);
        requireIdle(a);
        requireIdle(b);
        if (a == b) {
            throw SimApiException.of(YeastarErrno.EXTENSION_NOT_IDLE);
        }
        SimCall call = newCall(SimCall.Kind.INTERNAL, options.apiCallMaxDuration());
        call.caller = extLeg(caller);
        call.callee = extLeg(callee);
        connect(call);
        return call;
    }

    SimCall dialOutbound(String ext, String number) {
        SimExtension a = callerWithOutboundPermission(ext);
        requireIdle(a);
        SimCall call = newCall(SimCall.Kind.OUTBOUND, options.apiCallMaxDuration());
        call.caller = extLeg(ext);
        call.callee = outboundLeg(call, ext, number, dir.outboundTrunk());
        connect(call);
        return call;
    }

    /** {@code outbound/dial_outbound}: the PBX calls {@code callerNumber} first, then bridges to {@code outto}. */
    SimCall callback(String callerNumber, String outto, String fromExt) {
        callerWithOutboundPermission(fromExt);
        SimCall call = newCall(SimCall.Kind.CALLBACK, options.apiCallMaxDuration());
        TrunkSpec trunk = dir.outboundTrunk();
        call.caller = outboundLeg(call, fromExt, callerNumber, trunk);
        call.callee = outboundLeg(call, fromExt, outto, trunk);
        connect(call);
        return call;
    }

    /** {@code ivr/dial_extension}: the IVR calls the extension (no caller leg; callpath = IVR). */
    SimCall ivrDialExtension(String ivrId, String ext) {
        dir.ivr(ivrId);
        requireIdle(dir.extension(ext));
        SimCall call = newCall(SimCall.Kind.INTERNAL, options.apiCallMaxDuration());
        call.callPath = ivrId;
        call.callee = extLeg(ext);
        call.callee.callPath = ivrId;
        connect(call);
        return call;
    }

    /**
     * {@code ivr|queue|ringgroup/dial_outbound}: dials the external number; once it answers, a queue or
     * ring group rings its first idle member as if it were an inbound call.
     */
    SimCall groupDialOutbound(String kind, String groupId, String outto, String fromExt) {
        JsonObject group = switch (kind) {
            case "ivr" -> dir.ivr(groupId);
            case "queue" -> dir.queue(groupId);
            default -> dir.ringGroup(groupId);
        };
        callerWithOutboundPermission(fromExt);
        SimCall call = newCall(SimCall.Kind.OUTBOUND, options.apiCallMaxDuration());
        call.callPath = groupId;
        call.callee = outboundLeg(call, fromExt, outto, dir.outboundTrunk());
        call.callee.callPath = groupId;
        if (!"ivr".equals(kind)) {
            call.onAnswered = () -> dir.idleMember(group).ifPresent(m -> {
                call.caller = call.callee;
                call.callee = extLeg(m);
                call.callee.callPath = groupId;
                connect(call);
            });
        }
        connect(call);
        return call;
    }

    /** {@code extension/playprompt} and v2 {@code call/playprompt} to an extension. */
    SimCall playPromptToExtension(String ext, String prompt, int count) {
        dir.validatePrompt(prompt);
        requireIdle(dir.extension(ext));
        SimCall call = newCall(SimCall.Kind.INTERNAL, options.apiCallMaxDuration());
        call.callee = extLeg(ext);
        playThenHangUp(call, prompt, count);
        return call;
    }

    /** {@code outbound/playprompt}: prompt to an external number. */
    SimCall playPromptToNumber(String number, String prompt, String fromExt, int count) {
        dir.validatePrompt(prompt);
        if (fromExt != null) {
            callerWithOutboundPermission(fromExt);
        }
        SimCall call = newCall(SimCall.Kind.OUTBOUND, options.apiCallMaxDuration());
        call.callee = outboundLeg(call, fromExt == null ? "" : fromExt, number, dir.outboundTrunk());
        playThenHangUp(call, prompt, count);
        return call;
    }

    private void playThenHangUp(SimCall call, String prompt, int count) {
        call.onAnswered = () -> {
            if (call.state != SimCall.State.TALKING) {
                return;
            }
            emit(call, r -> List.of(r.playPromptEnd(call, call.callee, prompt)));
            release(call, call.callee);
        };
        connect(call);
    }

    // ---------------------------------------------------------------- API call control

    void hangupExtension(String ext) {
        SimCall call = callOfExtension(ext);
        SimLeg leg = call.extLeg(ext);
        if (call.monitors.remove(leg)) {
            extState(call, ext, ExtensionState.IDLE);
            return;
        }
        release(call, leg);
    }

    void hangupLeg(SimCall call, SimLeg leg) {
        if (call.monitors.remove(leg)) {
            extState(call, leg.number, ExtensionState.IDLE);
            return;
        }
        release(call, leg);
    }

    void hold(SimCall call, SimLeg leg, boolean hold) {
        if (call.state != SimCall.State.TALKING) {
            throw SimApiException.of(YeastarErrno.CALL_NOT_CONNECTED);
        }
        if (leg.held != hold) {
            leg.held = hold;
            emit(call, r -> r.holdChanged(call, leg));
        }
    }

    void mute(SimCall call, SimLeg leg, boolean mute) {
        if (call.state != SimCall.State.TALKING) {
            throw SimApiException.of(YeastarErrno.CALL_NOT_CONNECTED);
        }
        leg.muted = mute;
    }

    /** listen / whisper / barge: the monitor joins the monitored extension's connected call. */
    void monitor(String mode, String monitorExt, String monitoredExt) {
        SimExtension m = dir.extension(monitorExt);
        SimExtension t = dir.extension(monitoredExt);
        String allowed = m.settings.getString("monitormode", "extensive");
        if (!"extensive".equals(allowed) && !mode.equals(allowed)) {
            throw SimApiException.of(YeastarErrno.MONITOR_MODE_MISMATCH);
        }
        if (!"yes".equals(t.settings.getString("allowbeingmonitored"))) {
            throw SimApiException.of(YeastarErrno.MONITOR_NOT_ALLOWED);
        }
        requireIdle(m);
        SimCall call = callOfExtension(monitoredExt);
        if (call.state != SimCall.State.TALKING) {
            throw SimApiException.of(YeastarErrno.CALL_NOT_CONNECTED);
        }
        if (!call.monitors.isEmpty()) {
            // "it can only be monitored by one extension at the same time"
            throw SimApiException.of(YeastarErrno.MONITOR_NOT_ALLOWED);
        }
        call.monitors.add(extLeg(monitorExt));
        extState(call, monitorExt, ExtensionState.BUSY);
    }

    /**
     * API transfer: {@code keep} stays, the other party is replaced by the destination. API transfers
     * are not reported as {@code Tranfer} (spec §A.3.2); the new destination rings and answers.
     */
    String redirect(SimCall call, SimLeg keep, Destination d) {
        switch (d.kind()) {
            case "ext" -> dir.extension(d.id());
            case "ivr" -> dir.ivr(d.id());
            case "queue" -> dir.queue(d.id());
            case "ringgroup" -> dir.ringGroup(d.id());
            default -> {
                if (d.fromExt() != null) {
                    callerWithOutboundPermission(d.fromExt());
                }
            }
        }
        if (call.state == SimCall.State.INVITING) {
            cancelTimers(call);
            call.state = SimCall.State.RINGING;
            call.afterAccept = null;
        }
        SimLeg other = keep == call.caller ? call.callee : call.caller;
        if (other != null && other.isExt()) {
            extState(call, other.number, ExtensionState.IDLE);
        }
        call.caller = keep;
        call.callee = null;
        call.onAnswered = null;
        call.generation++;
        call.talk = options.apiCallMaxDuration();
        switch (d.kind()) {
            case "ext" -> {
                call.callee = extLeg(d.id());
                connect(call);
            }
            case "ivr" -> {
                call.callPath = d.id();
                call.state = SimCall.State.TALKING;
                scheduleEnd(call, call.talk);
            }
            case "queue", "ringgroup" -> {
                call.callPath = d.id();
                JsonObject group = "queue".equals(d.kind()) ? dir.queue(d.id()) : dir.ringGroup(d.id());
                Optional<String> member = dir.idleMember(group);
                if (member.isPresent()) {
                    call.callee = extLeg(member.get());
                    call.callee.callPath = d.id();
                    connect(call);
                } else {
                    // everybody busy: the caller waits with music on hold
                    call.state = SimCall.State.TALKING;
                    scheduleEnd(call, call.talk);
                }
            }
            default -> {
                call.callee = outboundLeg(call, d.fromExt() == null ? "" : d.fromExt(), d.id(), dir.outboundTrunk());
                connect(call);
            }
        }
        return call.callId;
    }

    // ---------------------------------------------------------------- scenarios

    Future<ScenarioResult> run(Scenario scenario) {
        List<String> idle = dir.extensions.values().stream().filter(SimExtension::idle).map(e -> e.number)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        int needed = scenario == Scenario.TRANSFERRED ? 3 : (scenario == Scenario.INTERNAL ? 2 : 1);
        if (idle.size() < needed) {
            return Future.failedFuture(new IllegalStateException("not enough idle extensions for " + scenario));
        }
        java.util.Collections.shuffle(idle, random);
        String a = idle.get(0);
        String b = idle.size() > 1 ? idle.get(1) : null;
        String c = idle.size() > 2 ? idle.get(2) : null;
        Duration talk = options.talkTime();
        TrunkSpec trunk = dir.outboundTrunk();
        SimCall call;
        switch (scenario) {
            case INTERNAL -> {
                call = newCall(SimCall.Kind.INTERNAL, talk);
                call.caller = extLeg(a);
                call.callee = extLeg(b);
                connect(call);
            }
            case OUTBOUND -> {
                call = newCall(SimCall.Kind.OUTBOUND, talk);
                call.caller = extLeg(a);
                call.callee = outboundLeg(call, a, externalNumber(), trunk);
                connect(call);
            }
            case FAILED -> {
                call = newCall(SimCall.Kind.OUTBOUND, talk);
                call.caller = extLeg(a);
                call.callee = outboundLeg(call, a, externalNumber(), trunk);
                FailureReason reason = FailureReason.values()[random.nextInt(4)];
                extState(call, a, ExtensionState.BUSY);
                later(() -> fail(call, reason, call.callee, call.caller));
            }
            case INBOUND -> {
                call = inbound(inboundTrunk(), a, talk);
                offerInbound(call, () -> connect(call));
            }
            case TRANSFERRED -> {
                call = newCall(SimCall.Kind.INTERNAL, talk);
                call.caller = extLeg(a);
                call.callee = extLeg(b);
                call.onAnswered = () -> {
                    if (call.state != SimCall.State.TALKING) {
                        return;
                    }
                    // b transfers the caller to c from the phone (*03): reported as Tranfer.
                    SimLeg transferer = call.callee;
                    SimLeg target = extLeg(c);
                    emit(call, r -> List.of(r.transfer(call, transferer, call.caller)));
                    extState(call, transferer.number, ExtensionState.IDLE);
                    call.callee = target;
                    connect(call);
                };
                connect(call);
            }
            case IVR_DTMF -> {
                String ivr = dir.ivrs.keySet().iterator().next();
                call = inbound(inboundTrunk(), null, talk);
                call.callPath = ivr;
                offerInbound(call, () -> {
                    call.state = SimCall.State.TALKING;
                    call.answeredAt = clock.instant();
                    keyDigits(call, a, 0, ivr);
                });
            }
            default -> throw new IllegalArgumentException(scenario.toString());
        }
        return call.ended.future().map(v -> new ScenarioResult(scenario, call.callId, call.reports.size()));
    }

    /** The caller keys the extension number in the IVR one digit per step, then is connected. */
    private void keyDigits(SimCall call, String ext, int index, String ivr) {
        if (call.state == SimCall.State.ENDED) {
            return;
        }
        if (index == ext.length()) {
            call.callee = extLeg(ext);
            call.callee.callPath = ivr;
            connect(call);
            return;
        }
        String digit = ext.substring(index, index + 1);
        String soFar = ext.substring(0, index + 1);
        emit(call, r -> List.of(r.dtmf(call, call.caller, digit, index, soFar)));
        later(() -> keyDigits(call, ext, index + 1, ivr));
    }

    private SimCall inbound(TrunkSpec trunk, String toExt, Duration talk) {
        SimCall call = newCall(SimCall.Kind.INBOUND, talk);
        call.inboundId = call.callId;
        String to = toExt != null ? toExt : dir.ivrs.keySet().iterator().next();
        call.caller = SimLeg.inbound(externalNumber(), to, trunk.name(), trunkChannel(trunk.name()));
        call.caller.trunkCallId = call.inboundId;
        if (toExt != null) {
            call.callee = extLeg(toExt);
        }
        return call;
    }

    /** Prefers a trunk with inbound answering control so generated traffic exercises Invite. */
    private TrunkSpec inboundTrunk() {
        return dir.trunks.values().stream().filter(t -> !t.isGsm() && t.controlInboundAnswering()).findFirst()
                .orElse(dir.outboundTrunk());
    }

    /** Starts an inbound call from {@code from} on {@code trunk} to extension {@code toExt} (demo/tests). */
    SimCall startInbound(String trunkName, String from, String toExt) {
        TrunkSpec trunk = Optional.ofNullable(dir.trunks.get(trunkName))
                .orElseThrow(() -> new IllegalArgumentException("unknown trunk " + trunkName));
        requireIdle(dir.extension(toExt));
        SimCall call = newCall(SimCall.Kind.INBOUND, options.apiCallMaxDuration());
        call.inboundId = call.callId;
        call.caller = SimLeg.inbound(from, toExt, trunk.name(), trunkChannel(trunk.name()));
        call.caller.trunkCallId = call.inboundId;
        call.callee = extLeg(toExt);
        offerInbound(call, () -> connect(call));
        return call;
    }

    private String externalNumber() {
        return "0" + (100_000_000 + random.nextInt(899_999_999));
    }

    /** Reboot: every call is gone at once, with no reports (the PBX was down). */
    void dropAll() {
        for (SimCall c : new ArrayList<>(calls.values())) {
            c.state = SimCall.State.ENDED;
            cancelTimers(c);
            c.ended.tryFail("PBX rebooted");
        }
        calls.clear();
        dir.extensions.values().forEach(e -> e.state = ExtensionState.IDLE);
    }
}
