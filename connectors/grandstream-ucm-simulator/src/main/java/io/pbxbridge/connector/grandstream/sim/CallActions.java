package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * "Voice Call", queue-agent and paging actions of seed 004, acting on the simulated channels. Dial actions
 * answer at once ({@code need_apply: "no"}, as the seed shows) and the call then unfolds as frames; such
 * calls end by Hangup or after {@code apiCallDuration}. Each action answers the {@code need_apply} value its
 * seed example shows (Hangup, callbarge, playPromptByOrg, agent and paging actions show "yes").
 *
 * <p>Not documented by the seed, chosen here: an unknown or ended channel answers -16; acceptCall/refuseCall
 * answer -47 when Call Control is off for the API user and -16 when the channel is not waiting for a decision.
 */
final class CallActions {
    private static final Pattern BARGE_EXTEN = Pattern.compile("\\d{1,18}(@[01])?");
    private static final Set<String> BARGE_MODE = Set.of("", "W", "B");
    private static final Set<String> PROMPT_TYPE = Set.of("ivr", "name_voice", "moh");

    private final UcmSimulatorOptions options;
    private final SimConfig config;
    private final CallEngine engine;
    private final CallFlows flows;

    CallActions(UcmSimulatorOptions options, SimConfig config, CallEngine engine, CallFlows flows) {
        this.options = options;
        this.config = config;
        this.engine = engine;
        this.flows = flows;
    }

    void register(Map<String, ApiAction> a) {
        registerChannelControl(a);
        registerDialing(a);
        registerTransfers(a);
        registerQueueAgents(a);
        registerPaging(a);
        a.put("playPromptByOrg", this::playPromptByOrg);
    }

    /** Live channels: list, hang up, barge, mute/hold, and the accept/refuse decision of Call Control. */
    private void registerChannelControl(Map<String, ApiAction> a) {
        a.put("listBridgedChannels", p -> ApiReply.of(Paging.page(p, engine.bridgedRows(), "channel", new JsonObject())));
        a.put("listUnBridgedChannels", p -> ApiReply.of(Paging.page(p, engine.unbridgedRows(), "channel", new JsonObject())));
        a.put("Hangup", p -> {
            SimChannel c = engine.channel(p.required("channel"));
            SimCall call = engine.callOf(c);
            engine.end(call, call.answer == null ? "NO ANSWER" : "ANSWERED");
            return ApiReply.needApply(true);
        });
        a.put("callbarge", this::callbarge);
        a.put("mute", p -> flag(p, c -> c.muted = true));
        a.put("unmute", p -> flag(p, c -> c.muted = false));
        a.put("hold", p -> flag(p, c -> c.held = true));
        a.put("unhold", p -> flag(p, c -> c.held = false));
        a.put("acceptCall", p -> decide(p, true));
        a.put("refuseCall", p -> decide(p, false));
    }

    /** New calls: extension, outbound, two external numbers, IVR, queue, ring group. */
    private void registerDialing(Map<String, ApiAction> a) {
        a.put("dialExtension", p -> {
            String caller = extension(p, "caller");
            String callee = extension(p, "callee");
            originate(caller, callee, call -> flows.ringExtension(call, callee, caller, call.legs.get(0)));
            return ApiReply.needApply(false);
        });
        a.put("dialOutbound", p -> {
            String caller = extension(p, "caller");
            String outbound = p.requiredNumber("outbound");
            engine.outboundTrunk();
            originate(caller, outbound, call -> leg(call, outbound, call.legs.get(0)));
            return ApiReply.needApply(false);
        });
        a.put("dialOutboundTwo", p -> {
            String caller = p.requiredNumber("outcaller");
            String callee = p.requiredNumber("outcallee");
            engine.outboundTrunk();
            originate(caller, callee, call -> leg(call, callee, call.legs.get(0)));
            return ApiReply.needApply(false);
        });
        a.put("dialIVR", p -> {
            originateToService(extension(p, "caller"), ivr(p), "ivr");
            return ApiReply.needApply(false);
        });
        a.put("dialIVROutbound", p -> {
            originateToService(p.requiredNumber("outcaller"), ivr(p), "ivr");
            return ApiReply.needApply(false);
        });
        a.put("dialQueue", p -> {
            String caller = p.requiredNumber("outcaller");
            String queue = p.required("queue");
            JsonObject q = config.queues.get(queue);
            originateToGroup(caller, queue, flows.queueAgents(queue, q), "QUEUE");
            return ApiReply.needApply(false);
        });
        a.put("dialRinggroup", this::dialRinggroup);
    }

    private void registerTransfers(Map<String, ApiAction> a) {
        a.put("callTransfer", this::callTransfer);
        a.put("transferNumberInbound", this::transferNumberInbound);
        a.put("transferNumberOutbound", this::transferNumberOutbound);
    }

    private void registerQueueAgents(Map<String, ApiAction> a) {
        a.put("loginLogoffQueueAgent", this::loginLogoffQueueAgent);
        a.put("pauseUnpauseQueueAgent", this::pauseUnpauseQueueAgent);
    }

    private void registerPaging(Map<String, ApiAction> a) {
        a.put("MulticastPaging", this::multicastPaging);
        a.put("MulticastPagingHangup", p -> {
            String num = p.required("pagingnum");
            SimCall call = engine.pagings.get(num);
            if (call == null) {
                throw UcmApiException.notFound("active paging " + num);
            }
            engine.end(call, "ANSWERED");
            return ApiReply.needApply(true);
        });
    }

    private ApiReply dialRinggroup(ApiParams p) {
        String caller = p.requiredNumber("outcaller");
        String group = p.required("ringgroup");
        JsonObject g = config.ringGroups.get(group);
        List<String> members = new ArrayList<>();
        for (String m : g.getString("members", "").split(",")) {
            if (config.isExtension(m.trim())) {
                members.add(m.trim());
            }
        }
        originateToGroup(caller, group, members, "RINGGROUP");
        return ApiReply.needApply(false);
    }

    private ApiReply callTransfer(ApiParams p) {
        SimChannel c = engine.channel(p.required("channel"));
        String target = p.requiredNumber("extension");
        SimCall call = engine.callOf(c);
        if (call.bridge == null || !call.bridge.has(c)) {
            throw UcmApiException.invalid("channel", "not in a connected call");
        }
        requireDialable(target);
        // The channel that initiates the transfer leaves; its peer is connected to the destination.
        background(call, flows.redirect(call, call.bridge.peerOf(c), c, target));
        return ApiReply.needApply(false);
    }

    private ApiReply transferNumberInbound(ApiParams p) {
        SimChannel c = engine.channel(p.required("channel"));
        String target = p.requiredNumber("callee");
        if (c.inboundTrunkName.isEmpty() || !c.trunk) {
            throw UcmApiException.invalid("channel", "not an inbound trunk channel");
        }
        requireDialable(target);
        SimCall call = engine.callOf(c);
        background(call, flows.redirect(call, c, null, target));
        return ApiReply.needApply(false);
    }

    private ApiReply transferNumberOutbound(ApiParams p) {
        SimChannel c = engine.channel(p.required("channel"));
        String target = p.requiredNumber("outbound");
        SimCall call = engine.callOf(c);
        if (call.dstTrunkName.isEmpty()) {
            throw UcmApiException.invalid("channel", "not part of an outbound call");
        }
        engine.outboundTrunk();
        background(call, flows.redirect(call, c, null, target));
        return ApiReply.needApply(false);
    }

    private ApiReply playPromptByOrg(ApiParams p) {
        p.requiredOneOf("type", PROMPT_TYPE);
        String ext = extension(p, "channel");
        p.required("variable");
        SimCall call = engine.newCall(CallScenario.API, ext, ext);
        call.actionType = "PLAYPROMPT";
        SimChannel leg = engine.addLeg(call, ext, null, "Ringing");
        leg.service = "playback";
        engine.update(leg);
        background(call, engine.step(call).compose(v -> {
            call.answer = java.time.Instant.now();
            leg.state = "Up";
            engine.update(leg);
            return flows.talk(call, options.talkTime());
        }));
        return ApiReply.needApply(true);
    }

    private ApiReply loginLogoffQueueAgent(ApiParams p) {
        String op = p.requiredOneOf("operatetype", Set.of("login", "logoff"));
        String agent = extension(p, "interface");
        String queue = p.required("extension");
        config.queues.get(queue);
        var agents = config.queueAgents.computeIfAbsent(queue, k -> new java.util.LinkedHashSet<>());
        if (op.equals("login") && !agents.add(agent)) {
            throw new UcmApiException(UcmStatus.ITEM_EXISTS, "agent already logged in");
        }
        if (op.equals("logoff") && !agents.remove(agent)) {
            throw UcmApiException.notFound("logged-in agent " + agent);
        }
        return ApiReply.needApply(true);
    }

    private ApiReply pauseUnpauseQueueAgent(ApiParams p) {
        String op = p.requiredOneOf("operatetype", Set.of("pause", "unpause"));
        String agent = extension(p, "interface");
        String queue = p.optional("extension");
        if (queue != null) {
            config.queues.get(queue);
        }
        if (op.equals("pause")) {
            config.pausedAgents.add(agent);
        } else if (!config.pausedAgents.remove(agent)) {
            throw UcmApiException.notFound("paused agent " + agent);
        }
        return ApiReply.needApply(true);
    }

    private ApiReply multicastPaging(ApiParams p) {
        String num = p.required("pagingnum");
        String caller = extension(p, "caller");
        JsonObject group = config.pagingGroups.get(num);
        if (engine.pagings.containsKey(num)) {
            throw new UcmApiException(UcmStatus.ANOTHER_TASK_RUNNING, "paging " + num + " already active");
        }
        SimCall call = engine.newCall(CallScenario.API, caller, num);
        call.actionType = "PAGE[" + num + "]";
        call.dcontext = "pagegroups";
        SimChannel leg = engine.addLeg(call, caller, null, "Up");
        leg.service = "page";
        leg.connectednum = num;
        call.answer = java.time.Instant.now();
        call.dstAnswer = num;
        call.firstDstChannel = "MulticastRTP/" + group.getValue("multicast_ip", "224.0.1.2");
        engine.update(leg);
        engine.pagings.put(num, call);
        background(call, flows.talk(call, options.apiCallDuration()));
        return ApiReply.needApply(true);
    }

    private ApiReply flag(ApiParams p, java.util.function.Consumer<SimChannel> change) {
        change.accept(engine.channel(p.required("channel")));
        return ApiReply.empty();
    }

    private ApiReply callbarge(ApiParams p) {
        String channel = p.required("channel");
        String exten = p.requiredNumber("exten");
        if (!p.hasKey("mode")) {
            throw UcmApiException.missing("mode");
        }
        String mode = p.raw().getValue("mode") == null ? "" : String.valueOf(p.raw().getValue("mode"));
        if (!BARGE_MODE.contains(mode)) {
            throw UcmApiException.invalid("mode", "empty (listen), W (whisper) or B (barge)");
        }
        p.requiredMatching("barge-exten", BARGE_EXTEN, "extension, optionally @0 or @1");
        SimChannel target = engine.channel(channel);
        if (!config.isExtension(exten)) {
            throw UcmApiException.notFound("extension " + exten);
        }
        SimCall call = engine.callOf(target);
        SimChannel spy = engine.addLeg(call, exten, null, "Up");
        spy.service = "ChanSpy";
        spy.connectednum = target.number;
        engine.update(spy);
        return ApiReply.needApply(true);
    }

    private ApiReply decide(ApiParams p, boolean accept) {
        String name = p.required("channel");
        if (!options.callControl()) {
            throw new UcmApiException(UcmStatus.NO_PERMISSION, "Call Control is off for this API user");
        }
        SimChannel c = engine.channel(name);
        SimCall call = engine.callOf(c);
        if (call.decision == null || call.awaitingDecision != c || call.decision.future().isComplete()) {
            throw UcmApiException.notFound("inbound call waiting for a decision on " + name);
        }
        call.decision.complete(accept);
        return ApiReply.empty();
    }

    private String extension(ApiParams p, String name) {
        String v = p.requiredNumber(name);
        if (!config.isExtension(v)) {
            throw UcmApiException.notFound("extension " + v);
        }
        return v;
    }

    private String ivr(ApiParams p) {
        String number = p.required("ivrnumber");
        if (!config.ivrs.anyMatch("extension", number)) {
            throw UcmApiException.notFound("IVR " + number);
        }
        return number;
    }

    private void requireDialable(String target) {
        if (!config.isExtension(target)) {
            engine.outboundTrunk();
        }
    }

    private SimChannel leg(SimCall call, String number, SimChannel from) {
        return config.isExtension(number) ? flows.ringExtension(call, number, from.number, from)
                : flows.trunkLegOut(call, number, from);
    }

    /** Click-to-call: the first party rings and answers, then the second is dialled. */
    private void originate(String first, String second, java.util.function.Function<SimCall, SimChannel> secondLeg) {
        SimCall call = engine.newCall(CallScenario.API, first, second);
        SimChannel a = firstLeg(call, first);
        background(call, engine.step(call).compose(v -> {
            a.state = "Up";
            engine.update(a);
            SimChannel b = secondLeg.apply(call);
            return engine.step(call).compose(x -> {
                engine.connect(call, a, b);
                return flows.talk(call, options.apiCallDuration());
            });
        }));
    }

    private void originateToService(String first, String service, String kind) {
        SimCall call = engine.newCall(CallScenario.API, first, service);
        SimChannel a = firstLeg(call, first);
        background(call, engine.step(call).compose(v -> {
            a.state = "Up";
            a.service = kind;
            a.connectednum = service;
            call.answer = java.time.Instant.now();
            call.dstAnswer = service;
            engine.update(a);
            return flows.talk(call, options.apiCallDuration());
        }));
    }

    private void originateToGroup(String first, String group, List<String> members, String actionType) {
        SimCall call = engine.newCall(CallScenario.API, first, group);
        call.actionType = actionType;
        SimChannel a = firstLeg(call, first);
        background(call, engine.step(call).compose(v -> {
            a.state = "Up";
            a.service = actionType.equals("QUEUE") ? "queue" : "macro-dial";
            engine.update(a);
            return flows.ringAndPick(call, a, members, first);
        }).compose(v -> flows.talk(call, options.apiCallDuration())));
    }

    private SimChannel firstLeg(SimCall call, String number) {
        if (config.isExtension(number)) {
            return flows.ringExtension(call, number, "", null);
        }
        return flows.trunkLegOut(call, number, null);
    }

    private void background(SimCall call, Future<Void> flow) {
        flows.finish(call, flow);
    }
}
