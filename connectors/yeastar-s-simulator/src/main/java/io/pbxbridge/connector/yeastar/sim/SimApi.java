package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.api.YeastarErrno;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The endpoints of the simulated PBX (spec §A.1, §A.4, seed 002): validation with the documented
 * errnos, state changes, documented response shapes. Transport concerns (HTTP, recording, faults)
 * live in {@link YeastarSimulator}. Event-loop confined.
 */
final class SimApi {
    /** One request as an endpoint sees it. */
    record Request(String endpoint, JsonObject body, boolean blankBody, String token, String sourceIp) { }

    private interface Endpoint {
        JsonObject handle(Request r);
    }

    private static final DateTimeFormatter SYS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final YeastarSimulatorOptions options;
    private final ApiSessions sessions;
    private final LoginGuard guard;
    private final PbxDirectory dir;
    private final CallEngine engine;
    private final java.util.function.Consumer<String> configChanged;
    private final java.time.Instant bootTime;
    private final String md5Password;
    private final Map<String, Endpoint> endpoints = new HashMap<>();

    SimApi(YeastarSimulatorOptions options, ApiSessions sessions, LoginGuard guard, PbxDirectory dir,
           CallEngine engine, java.util.function.Consumer<String> configChangeReporter) {
        this.options = options;
        this.sessions = sessions;
        this.guard = guard;
        this.dir = dir;
        this.engine = engine;
        this.configChanged = configChangeReporter;
        this.bootTime = options.clock().instant();
        this.md5Password = md5(options.password().reveal());
        endpoints.put("heartbeat", this::heartbeat);
        endpoints.put("logout", r -> {
            sessions.logout(sessions.touch(r.token()));
            return ok();
        });
        endpoints.put("deviceinfo/query", r -> deviceInfo());
        if (options.apiVersion() == YeastarApiVersion.V2_0_0) {
            registerV2();
        } else {
            registerV1();
        }
    }

    /** Endpoint names this PBX answers (besides {@code login}). */
    Set<String> endpointNames() {
        Set<String> names = new TreeSet<>(endpoints.keySet());
        names.add("login");
        return names;
    }

    JsonObject handle(Request r) {
        if ("login".equals(r.endpoint())) {
            return login(r);
        }
        Endpoint e = endpoints.get(r.endpoint());
        if (e == null) {
            // Unknown endpoints are answered 10003 whether or not the token is valid.
            throw SimApiException.of(YeastarErrno.UNSUPPORTED_REQUEST);
        }
        if (!"heartbeat".equals(r.endpoint()) && !"logout".equals(r.endpoint())) {
            sessions.touch(r.token());
        }
        return e.handle(r);
    }

    // ---------------------------------------------------------------- login / heartbeat

    private JsonObject login(Request r) {
        String ip = r.sourceIp();
        if (guard.isLocked(ip)) {
            throw SimApiException.of(YeastarErrno.LOCKED_OUT);
        }
        if (r.blankBody()) {
            throw SimApiException.of(YeastarErrno.BLANK_DATA);
        }
        String user = req(r.body(), "username");
        String pass = req(r.body(), "password");
        if (!user.equals(options.username()) || !MessageDigest.isEqual(
                pass.getBytes(StandardCharsets.US_ASCII), md5Password.getBytes(StandardCharsets.US_ASCII))) {
            guard.failed(ip);
            throw SimApiException.of(YeastarErrno.INVALID_CREDENTIALS);
        }
        boolean v2 = options.apiVersion() == YeastarApiVersion.V2_0_0;
        String port = opt(r.body(), "port");
        if (port == null) {
            if (!v2) {
                throw SimApiException.of(YeastarErrno.PARAMETER_BLANK);
            }
            port = "8260";
        }
        if (ReportTarget.parsePort(port) < 0) {
            throw SimApiException.of(YeastarErrno.WRONG_PORT);
        }
        ReportFormat format = ReportFormat.fromLoginVersion(opt(r.body(), "version"));
        ReportTarget target = ReportTarget.resolve(ip, port, opt(r.body(), "url"), opt(r.body(), "urltag"), format);
        guard.succeeded(ip);
        ApiSessions.Session s = sessions.open(target);
        JsonObject resp = ok().put("token", s.token);
        if (v2) {
            resp.put("transport", "HTTP");
        }
        return resp;
    }

    private JsonObject heartbeat(Request r) {
        ApiSessions.Session s = sessions.touch(r.token());
        JsonObject b = r.body();
        String ipaddr = opt(b, "ipaddr");
        String port = opt(b, "port");
        String url = opt(b, "url");
        String urltag = opt(b, "urltag") != null ? opt(b, "urltag") : opt(b, "urlflag");
        String version = opt(b, "version");
        if (ipaddr == null && port == null && url == null && urltag == null && version == null) {
            return ok();
        }
        ReportTarget current = s.target;
        String p = port != null ? port : current == null ? null : Integer.toString(current.port());
        if (ReportTarget.parsePort(p) < 0) {
            throw SimApiException.of(YeastarErrno.HEARTBEAT_CONFIG_FAILED);
        }
        String host = ipaddr != null ? ipaddr : current != null ? current.host() : r.sourceIp();
        ReportFormat format = version != null ? ReportFormat.fromLoginVersion(version)
                : current != null ? current.format() : ReportFormat.FLAT;
        String path = url != null ? url : current != null ? current.path() : null;
        sessions.retarget(s, ReportTarget.resolve(host, p, path, "1".equals(urltag) ? "1" : "0", format));
        return ok();
    }

    // ---------------------------------------------------------------- v1.x

    private void registerV1() {
        registerV1Queries();
        registerV1Dialing();
        registerV1CallControl();
        registerV1Transfers();
        registerV1Prompts();
        endpoints.put("wakeupcall/create", r -> wakeup(r, "create"));
        endpoints.put("wakeupcall/query", r -> wakeup(r, "query"));
        endpoints.put("wakeupcall/update", r -> wakeup(r, "update"));
        endpoints.put("wakeupcall/delete", r -> wakeup(r, "delete"));
        endpoints.put("sms/send", this::sendSms);
        endpoints.put("apply", r -> ok());
    }

    /** Directory and configuration: extensions, trunks, IVRs, queues, routes. */
    private void registerV1Queries() {
        endpoints.put("extensionlist/query", r -> {
            JsonArray list = new JsonArray();
            dir.extensions.values().forEach(e -> list.add(new JsonObject().put("extnumber", e.number)
                    .put("status", e.listStatus()).put("type", e.settings.getString("type"))
                    .put("username", e.settings.getString("username")).put("agentid", "")));
            return ok().put("extlist", list);
        });
        endpoints.put("extension/query", r -> ok().put("extinfos", extInfos(opt(r.body(), "extid"))));
        endpoints.put("extension/update", r -> updateExtension(req(r.body(), "extid"), r.body(), "extid"));
        endpoints.put("trunklist/query", r -> ok().put("trunklist", trunkList("trunkname")));
        endpoints.put("ivr/query", r -> ok().put("ivr", query(dir.ivrs, opt(r.body(), "ivrid"), YeastarErrno.IVR_NOT_FOUND)));
        endpoints.put("ivr/update", r -> update(dir.ivrs, req(r.body(), "ivrid"), r.body(), "ivrid", YeastarErrno.IVR_NOT_FOUND));
        endpoints.put("queue/query", r -> ok().put("queue", query(dir.queues, opt(r.body(), "queueid"), YeastarErrno.QUEUE_NOT_FOUND)));
        endpoints.put("queue/update", r -> update(dir.queues, req(r.body(), "queueid"), r.body(), "queueid", YeastarErrno.QUEUE_NOT_FOUND));
        endpoints.put("inbound/query", r -> ok().put("inbound", inboundQuery(opt(r.body(), "inboundid"))));
        endpoints.put("outbound/query", r -> ok().put("outbound", outboundQuery(opt(r.body(), "outboundid"))));
    }

    private void registerV1Dialing() {
        endpoints.put("extension/dial_extension", r -> callId(engine.dialExtension(req(r.body(), "caller"), req(r.body(), "callee")).callId));
        endpoints.put("extension/dial_outbound", r -> callId(engine.dialOutbound(req(r.body(), "extid"), req(r.body(), "outto")).callId));
        endpoints.put("outbound/dial_outbound", r -> callId(engine.callback(req(r.body(), "caller"), req(r.body(), "outto"), req(r.body(), "fromext")).callId));
        endpoints.put("ivr/dial_extension", r -> callId(engine.ivrDialExtension(req(r.body(), "ivrid"), req(r.body(), "extid")).callId));
        endpoints.put("ivr/dial_outbound", r -> callId(engine.groupDialOutbound("ivr", req(r.body(), "ivrid"), req(r.body(), "outto"), req(r.body(), "fromext")).callId));
        endpoints.put("queue/dial_outbound", r -> callId(engine.groupDialOutbound("queue", req(r.body(), "queueid"), req(r.body(), "outto"), req(r.body(), "fromext")).callId));
        endpoints.put("ringgroup/dial_outbound", r -> callId(engine.groupDialOutbound("ringgroup", req(r.body(), "ringgroupid"), req(r.body(), "outto"), req(r.body(), "fromext")).callId));
    }

    /** Live calls: hang up, hold, mute, monitor, and the answer to an Invite. */
    private void registerV1CallControl() {
        endpoints.put("extension/hangup", r -> {
            engine.hangupExtension(req(r.body(), "extid"));
            return ok();
        });
        endpoints.put("inbound/hangup", r -> {
            SimCall c = engine.callByInboundId(req(r.body(), "inboundid"));
            engine.hangupLeg(c, c.trunkLeg());
            return ok();
        });
        endpoints.put("outbound/hangup", r -> {
            SimCall c = engine.callByOutboundId(req(r.body(), "outboundid"));
            engine.hangupLeg(c, c.trunkLeg());
            return ok();
        });
        for (String op : List.of("hold", "unhold", "mute", "unmute")) {
            endpoints.put("extension/" + op, r -> extensionLegOp(op, req(r.body(), "extid")));
        }
        endpoints.put("extension/listen", r -> monitor("listen", r, "listener", "listenedext"));
        endpoints.put("extension/whisper", r -> monitor("whisper", r, "whisperer", "whisperedext"));
        endpoints.put("extension/barge", r -> monitor("barge", r, "bargein", "bargedext"));

        endpoints.put("inbound/accept", r -> {
            engine.answerInvite(engine.callByInboundId(req(r.body(), "inboundid")), true);
            return ok();
        });
        endpoints.put("inbound/refuse", r -> {
            engine.answerInvite(engine.callByInboundId(req(r.body(), "inboundid")), false);
            return ok();
        });
    }

    private void registerV1Transfers() {
        endpoints.put("inbound/transfer_extension", r -> inboundTransfer(r, CallEngine.Destination.ext(req(r.body(), "extid"))));
        endpoints.put("inbound/transfer_ivr", r -> inboundTransfer(r, CallEngine.Destination.ivr(req(r.body(), "ivrid"))));
        endpoints.put("inbound/transfer_queue", r -> inboundTransfer(r, CallEngine.Destination.queue(req(r.body(), "queueid"))));
        endpoints.put("inbound/transfer_ringgroup", r -> inboundTransfer(r, CallEngine.Destination.ringGroup(req(r.body(), "ringgroupid"))));
        endpoints.put("inbound/transfer_outbound", r -> inboundTransfer(r,
                CallEngine.Destination.outbound(req(r.body(), "outto"), req(r.body(), "fromext"))));
        endpoints.put("outbound/transfer_extension", r -> outboundTransfer(r, CallEngine.Destination.ext(req(r.body(), "extid"))));
        endpoints.put("outbound/transfer_ivr", r -> outboundTransfer(r, CallEngine.Destination.ivr(req(r.body(), "ivrid"))));
        endpoints.put("outbound/transfer_outbound", r -> outboundTransfer(r,
                CallEngine.Destination.outbound(req(r.body(), "outto"), req(r.body(), "fromext"))));
    }

    private void registerV1Prompts() {
        endpoints.put("extension/playprompt", r -> {
            String ext = req(r.body(), "extid");
            String prompt = req(r.body(), "prompt");
            return callId(engine.playPromptToExtension(ext, prompt, 1).callId);
        });
        endpoints.put("outbound/playprompt", r -> {
            String outto = req(r.body(), "outto");
            String prompt = req(r.body(), "prompt");
            return callId(engine.playPromptToNumber(outto, prompt, req(r.body(), "fromext"), 1).callId);
        });
    }

    /** {@code extension/hold|unhold|mute|unmute}: the extension's leg of its current call. */
    private JsonObject extensionLegOp(String op, String ext) {
        SimCall c = engine.callOfExtension(ext);
        SimLeg leg = c.extLeg(ext);
        switch (op) {
            case "hold" -> engine.hold(c, leg, true);
            case "unhold" -> engine.hold(c, leg, false);
            case "mute" -> engine.mute(c, leg, true);
            default -> engine.mute(c, leg, false);
        }
        return ok();
    }

    // ---------------------------------------------------------------- v2.0.0

    private void registerV2() {
        endpoints.put("extension/list", r -> {
            JsonArray list = new JsonArray();
            dir.extensions.values().forEach(e -> list.add(new JsonObject().put("number", e.number)
                    .put("username", e.settings.getString("username")).put("status", e.listStatus())
                    .put("type", e.settings.getString("type"))));
            return ok().put("extlist", list);
        });
        endpoints.put("extension/query", r -> ok().put("extinfos", extInfos(opt(r.body(), "number"))));
        endpoints.put("extension/update", r -> updateExtension(req(r.body(), "number"), r.body(), "number"));
        endpoints.put("trunk/list", r -> ok().put("trunklist", trunkList("name")));
        endpoints.put("call/dial", this::v2Dial);
        endpoints.put("call/hold", r -> v2OnChannel(r, (c, leg) -> engine.hold(c, leg, true)));
        endpoints.put("call/unhold", r -> v2OnChannel(r, (c, leg) -> engine.hold(c, leg, false)));
        endpoints.put("call/hangup", r -> v2OnChannel(r, engine::hangupLeg));
        endpoints.put("call/accept_inbound", r -> v2Invite(r, true));
        endpoints.put("call/refuse_inbound", r -> v2Invite(r, false));
        endpoints.put("call/transfer", r -> {
            String channel = req(r.body(), "channelid");
            String number = req(r.body(), "number");
            SimCall c = engine.callByChannel(channel);
            SimLeg leg = c.legByChannel(channel);
            return callId(engine.redirect(c, leg, destinationOf(number, opt(r.body(), "dialpermission"))));
        });
        endpoints.put("call/playprompt", r -> {
            String number = req(r.body(), "number");
            String prompt = req(r.body(), "prompt");
            int count = parseCount(opt(r.body(), "count"));
            SimCall c = dir.findExtension(number).isPresent()
                    ? engine.playPromptToExtension(number, prompt, count)
                    : engine.playPromptToNumber(number, prompt, null, count);
            return callId(c.callId);
        });
    }

    private JsonObject v2Dial(Request r) {
        String caller = req(r.body(), "caller");
        String callee = req(r.body(), "callee");
        String permission = opt(r.body(), "dialpermission");
        boolean callerIsExt = dir.findExtension(caller).isPresent();
        boolean calleeIsExt = dir.findExtension(callee).isPresent();
        SimCall c;
        if (callerIsExt) {
            c = calleeIsExt ? engine.dialExtension(caller, callee) : engine.dialOutbound(caller, callee);
        } else if (dir.ivrs.containsKey(caller)) {
            c = calleeIsExt ? engine.ivrDialExtension(caller, callee)
                    : engine.groupDialOutbound("ivr", caller, callee, requirePermission(permission));
        } else if (dir.queues.containsKey(caller)) {
            c = engine.groupDialOutbound("queue", caller, callee, requirePermission(permission));
        } else if (dir.ringGroups.containsKey(caller)) {
            c = engine.groupDialOutbound("ringgroup", caller, callee, requirePermission(permission));
        } else {
            // external caller: the PBX calls it first, then the callee (needs an extension's permission)
            c = engine.callback(caller, callee, requirePermission(permission));
        }
        return callId(c.callId);
    }

    private static String requirePermission(String permission) {
        if (permission == null) {
            throw SimApiException.of(YeastarErrno.PARAMETER_BLANK);
        }
        return permission;
    }

    private JsonObject v2OnChannel(Request r, java.util.function.BiConsumer<SimCall, SimLeg> action) {
        String channel = req(r.body(), "channelid");
        SimCall c = engine.callByChannel(channel);
        action.accept(c, c.legByChannel(channel));
        return callId(c.callId);
    }

    private JsonObject v2Invite(Request r, boolean accept) {
        String channel = req(r.body(), "channelid");
        SimCall c = engine.callByChannel(channel);
        SimLeg leg = c.legByChannel(channel);
        if (leg.kind != SimLeg.Kind.INBOUND) {
            throw SimApiException.of(YeastarErrno.CALL_NOT_FOUND);
        }
        engine.answerInvite(c, accept);
        return callId(c.callId);
    }

    private CallEngine.Destination destinationOf(String number, String permission) {
        if (dir.extensions.containsKey(number)) {
            return CallEngine.Destination.ext(number);
        }
        if (dir.ivrs.containsKey(number)) {
            return CallEngine.Destination.ivr(number);
        }
        if (dir.queues.containsKey(number)) {
            return CallEngine.Destination.queue(number);
        }
        if (dir.ringGroups.containsKey(number)) {
            return CallEngine.Destination.ringGroup(number);
        }
        return CallEngine.Destination.outbound(number, permission);
    }

    // ---------------------------------------------------------------- shared endpoint bodies

    private JsonObject deviceInfo() {
        long up = Duration.between(bootTime, options.clock().instant()).toSeconds();
        JsonArray extStatus = new JsonArray();
        dir.extensions.values().forEach(e -> extStatus.add(new JsonObject().put("extnumber", e.number).put("status", e.listStatus())));
        return ok().put("deviceinfo", new JsonObject()
                .put("devicename", options.modelName())
                .put("sn", options.serialNumber())
                .put("hardwarever", "0000-0000-000")
                .put("firmwarever", options.firmwareVersion())
                .put("systemtime", SYS_TIME.format(LocalDateTime.now(options.clock())))
                .put("uptime", String.format("%02d:%02d:%02d", up / 3600, (up / 60) % 60, up % 60))
                .put("extensionstatus", extStatus));
    }

    private JsonArray extInfos(String ids) {
        JsonArray out = new JsonArray();
        List<SimExtension> exts = new ArrayList<>();
        if (ids == null) {
            exts.addAll(dir.extensions.values());
        } else {
            for (String id : ids.split(",")) {
                exts.add(dir.extension(id.trim()));
            }
        }
        exts.forEach(e -> out.add(e.settings.copy().put("status", e.listStatus())));
        return out;
    }

    private JsonObject updateExtension(String id, JsonObject body, String idKey) {
        SimExtension e = dir.extension(id);
        body.forEach(en -> {
            if (!en.getKey().equals(idKey) && en.getValue() != null) {
                e.settings.put(en.getKey(), String.valueOf(en.getValue()));
            }
        });
        configChanged.accept(id);
        return ok();
    }

    private JsonArray trunkList(String nameKey) {
        JsonArray out = new JsonArray();
        dir.trunks.values().forEach(t -> out.add(new JsonObject().put(nameKey, t.name()).put("status", "Registered")
                .put("type", t.type()).put("port", t.isGsm() ? "1" : "5060")));
        return out;
    }

    private static JsonArray query(Map<String, JsonObject> map, String ids, YeastarErrno notFound) {
        JsonArray out = new JsonArray();
        if (ids == null) {
            map.values().forEach(o -> out.add(o.copy()));
            return out;
        }
        for (String id : ids.split(",")) {
            JsonObject o = map.get(id.trim());
            if (o == null) {
                throw SimApiException.of(notFound);
            }
            out.add(o.copy());
        }
        return out;
    }

    private static JsonObject update(Map<String, JsonObject> map, String id, JsonObject body, String idKey, YeastarErrno notFound) {
        JsonObject o = map.get(id);
        if (o == null) {
            throw SimApiException.of(notFound);
        }
        body.forEach(en -> {
            if (!en.getKey().equals(idKey) && en.getValue() != null) {
                o.put(en.getKey(), String.valueOf(en.getValue()));
            }
        });
        return ok();
    }

    private JsonArray inboundQuery(String ids) {
        Set<String> wanted = ids == null ? null : Set.of(ids.split(","));
        JsonArray out = new JsonArray();
        for (SimCall c : engine.liveCalls()) {
            SimLeg in = c.legs().stream().filter(l -> l.kind == SimLeg.Kind.INBOUND).findFirst().orElse(null);
            if (in == null || (wanted != null && !wanted.contains(c.inboundId))) {
                continue;
            }
            JsonArray callee = new JsonArray();
            c.legs().stream().filter(SimLeg::isExt).forEach(l -> callee.add(new JsonObject().put("extid", l.number)));
            out.add(new JsonObject().put("inboundid", c.inboundId).put("from", in.from).put("to", in.to)
                    .put("trunk", in.trunk).put("status", wireStatus(c)).put("callee", callee));
        }
        if (wanted != null && out.isEmpty()) {
            throw SimApiException.of(YeastarErrno.CALL_NOT_FOUND);
        }
        return out;
    }

    private JsonArray outboundQuery(String ids) {
        Set<String> wanted = ids == null ? null : Set.of(ids.split(","));
        JsonArray out = new JsonArray();
        for (SimCall c : engine.liveCalls()) {
            SimLeg o = c.legs().stream().filter(l -> l.kind == SimLeg.Kind.OUTBOUND).findFirst().orElse(null);
            if (o == null || (wanted != null && !wanted.contains(c.outboundId))) {
                continue;
            }
            out.add(new JsonObject().put("outboundid", c.outboundId).put("from", o.from).put("to", o.to)
                    .put("trunk", o.trunk).put("status", wireStatus(c)));
        }
        if (wanted != null && out.isEmpty()) {
            throw SimApiException.of(YeastarErrno.CALL_NOT_FOUND);
        }
        return out;
    }

    private static String wireStatus(SimCall c) {
        return switch (c.state) {
            case INVITING -> "Wait";
            case RINGING -> "Progress";
            default -> "Talking";
        };
    }

    private JsonObject monitor(String mode, Request r, String monitorKey, String monitoredKey) {
        engine.monitor(mode, req(r.body(), monitorKey), req(r.body(), monitoredKey));
        return ok();
    }

    private JsonObject inboundTransfer(Request r, CallEngine.Destination d) {
        SimCall c = engine.callByInboundId(req(r.body(), "inboundid"));
        SimLeg keep = c.legs().stream().filter(l -> l.kind == SimLeg.Kind.INBOUND).findFirst().orElseThrow();
        return callId(engine.redirect(c, keep, d));
    }

    private JsonObject outboundTransfer(Request r, CallEngine.Destination d) {
        SimCall c = engine.callByOutboundId(req(r.body(), "outboundid"));
        SimLeg keep = c.legs().stream().filter(l -> l.kind == SimLeg.Kind.OUTBOUND).findFirst().orElseThrow();
        return callId(engine.redirect(c, keep, d));
    }

    private JsonObject wakeup(Request r, String op) {
        String ext = req(r.body(), "extid");
        dir.extension(ext);
        List<JsonObject> current = dir.wakeups.computeIfAbsent(ext, k -> new ArrayList<>());
        if ("query".equals(op)) {
            JsonArray out = new JsonArray();
            current.forEach(w -> out.add(w.copy()));
            return ok().put("extid", ext).put("wakeup", out);
        }
        JsonArray items = r.body().getValue("wakeup") instanceof JsonArray a ? a : null;
        if ("delete".equals(op) && (items == null || items.isEmpty())) {
            if (current.isEmpty()) {
                throw SimApiException.of(YeastarErrno.ALARM_NOT_FOUND);
            }
            current.clear();
            return ok();
        }
        if (items == null || items.isEmpty()) {
            throw SimApiException.of(YeastarErrno.PARAMETER_BLANK);
        }
        for (Object o : items) {
            if (!(o instanceof JsonObject w)) {
                throw SimApiException.of(YeastarErrno.ALARM_SAVE_FAILED);
            }
            String time = req(w, "time");
            if (!time.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
                throw SimApiException.of(YeastarErrno.ALARM_SAVE_FAILED);
            }
            JsonObject existing = current.stream().filter(x -> time.equals(x.getString("time"))).findFirst().orElse(null);
            switch (op) {
                case "create" -> {
                    if (existing != null) {
                        throw SimApiException.of(YeastarErrno.ALARM_EXISTS);
                    }
                }
                default -> {
                    if (existing == null) {
                        throw SimApiException.of(YeastarErrno.ALARM_NOT_FOUND);
                    }
                }
            }
        }
        for (Object o : items) {
            JsonObject w = (JsonObject) o;
            String time = w.getString("time");
            current.removeIf(x -> time.equals(x.getString("time")));
            if (!"delete".equals(op)) {
                JsonObject stored = new JsonObject().put("time", time)
                        .put("type", w.getString("type", "onetime"))
                        .put("repeats", String.valueOf(w.getValue("repeats", "3")))
                        .put("repeatinterval", String.valueOf(w.getValue("repeatinterval", "5")));
                current.add(stored);
            }
        }
        return ok();
    }

    private JsonObject sendSms(Request r) {
        String trunkName = req(r.body(), "trunk");
        String number = opt(r.body(), "phonenumber");
        if (number == null) {
            throw SimApiException.of(YeastarErrno.NUMBER_BLANK);
        }
        String message = opt(r.body(), "message");
        if (message == null) {
            throw SimApiException.of(YeastarErrno.SMS_CONTENT_BLANK);
        }
        TrunkSpec trunk = dir.trunks.get(trunkName);
        if (trunk == null || !trunk.isGsm()) {
            throw SimApiException.of(YeastarErrno.GSM_MODULE_NOT_FOUND);
        }
        String decoded = urlDecoded(message);
        String smsId = number + "-" + options.clock().instant().getEpochSecond();
        dir.sms(new SentSms(smsId, trunkName, number, decoded));
        return ok().put("smsid", smsId);
    }

    /**
     * The message must arrive URL-encoded (seed 002). Raw non-ASCII text or a broken %-escape means the
     * client forgot to encode; the PBX documents no errno for it, so the simulator answers 10031
     * ("does not meet requirement") to make the client bug visible.
     */
    private static String urlDecoded(String message) {
        String trimmed = message.strip();
        for (int i = 0; i < trimmed.length(); i++) {
            char ch = trimmed.charAt(i);
            if (ch > 0x7e || ch < 0x20 || ch == ' ') {
                throw SimApiException.of(YeastarErrno.CALLEE_NUMBER_INVALID);
            }
        }
        try {
            String d = URLDecoder.decode(trimmed, StandardCharsets.UTF_8);
            if (d.isEmpty()) {
                throw SimApiException.of(YeastarErrno.SMS_CONTENT_BLANK);
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw SimApiException.of(YeastarErrno.CALLEE_NUMBER_INVALID);
        }
    }

    private static int parseCount(String s) {
        try {
            return s == null ? 1 : Math.max(1, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    // ---------------------------------------------------------------- helpers

    static JsonObject ok() {
        return new JsonObject().put("status", "Success");
    }

    private static JsonObject callId(String id) {
        return ok().put("callid", id);
    }

    /** A required parameter; blank or missing → 10004. */
    static String req(JsonObject body, String name) {
        String v = opt(body, name);
        if (v == null) {
            throw SimApiException.of(YeastarErrno.PARAMETER_BLANK);
        }
        return v;
    }

    static String opt(JsonObject body, String name) {
        Object v = body == null ? null : body.getValue(name);
        if (v == null || v instanceof JsonObject || v instanceof JsonArray) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
