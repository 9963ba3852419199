package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Live channels and calls, and the ActiveCallStatus / ExtensionStatus / TrunkStatus frames their changes
 * produce (spec B.3): a leg's {@code add}, repeated {@code update}s, and a {@code delete} carrying only
 * {@code channel}; bridges as {@code chantype: bridge} entries with channel1/channel2. A bridge has no
 * delete of its own (none is documented): it ends with its legs' deletes. Ending a call writes its CDR.
 * Runs on the simulator's event loop only.
 */
final class CallEngine {
    /** Thrown through a flow's future chain when the call ended under it (Hangup, refuseCall, reboot). */
    static final class CallEnded extends RuntimeException {
        CallEnded() {
            super("call ended", null, false, false);
        }
    }

    private final Vertx vertx;
    private final UcmSimulatorOptions options;
    private final SimConfig config;
    private final EventHub events;
    private final CdrStore cdrs;
    private final RecordingStore recordings;
    final Random random;
    private final Map<String, SimChannel> channels = new LinkedHashMap<>();
    private final Map<String, SimCall> callOfChannel = new HashMap<>();
    private final Map<String, SimCall> calls = new LinkedHashMap<>();
    private final Map<String, String> extensionStatus = new HashMap<>();
    private final Map<String, Integer> trunkLegs = new HashMap<>();
    final Map<String, SimCall> pagings = new HashMap<>();
    private long channelSeq;
    private long uniqueSeq;

    CallEngine(Vertx vertx, UcmSimulatorOptions options, SimConfig config, EventHub events, CdrStore cdrs,
               RecordingStore recordings) {
        this.recordings = recordings;
        this.vertx = vertx;
        this.options = options;
        this.config = config;
        this.events = events;
        this.cdrs = cdrs;
        this.random = new Random(options.randomSeed());
    }

    // ---------------------------------------------------------------- queries

    SimChannel channel(String name) {
        SimChannel c = channels.get(name);
        if (c == null) {
            throw UcmApiException.notFound("channel " + name);
        }
        return c;
    }

    SimCall callOf(SimChannel c) {
        return callOfChannel.get(c.name);
    }

    List<JsonObject> bridgedRows() {
        List<JsonObject> rows = new ArrayList<>();
        for (SimCall call : calls.values()) {
            if (call.bridge != null) {
                rows.add(call.bridge.row());
            }
        }
        return rows;
    }

    List<JsonObject> unbridgedRows() {
        List<JsonObject> rows = new ArrayList<>();
        for (SimChannel c : channels.values()) {
            SimCall call = callOfChannel.get(c.name);
            if (call == null || call.bridge == null || !call.bridge.has(c)) {
                rows.add(c.row());
            }
        }
        return rows;
    }

    int liveCalls() {
        return calls.size();
    }

    // ---------------------------------------------------------------- building blocks

    SimCall newCall(CallScenario kind, String src, String dst) {
        Instant now = Instant.now();
        String linkedid = nextUniqueId(now);
        SimCall call = new SimCall(linkedid, kind, now);
        call.src = src;
        call.dst = dst;
        call.callerName = config.isExtension(src) ? config.accounts.get(src).getString("fullname", src) : src;
        calls.put(linkedid, call);
        return call;
    }

    /** A leg for {@code number}: an extension leg if it is one, else a trunk leg on {@code trunkIndex}. */
    SimChannel addLeg(SimCall call, String number, String trunkIndex, String state) {
        return addLeg(call, number, trunkIndex, state, c -> { });
    }

    /** As above; {@code init} fills the leg's fields before its {@code add} frame goes out. */
    SimChannel addLeg(SimCall call, String number, String trunkIndex, String state, java.util.function.Consumer<SimChannel> init) {
        Instant now = Instant.now();
        boolean trunk = !config.isExtension(number);
        String name = trunk
                ? String.format("PJSIP/trunk_%s-%08x", trunkIndex, ++channelSeq)
                : String.format("PJSIP/%s-%08x", number, ++channelSeq);
        String uniqueid = call.legs.isEmpty() ? call.linkedid : nextUniqueId(now);
        SimChannel c = new SimChannel(name, uniqueid, call.linkedid, number, trunk, state, now);
        c.callernum = number;
        c.callername = trunk ? "" : config.accounts.get(number).getString("fullname", number);
        init.accept(c);
        call.legs.add(c);
        call.allChannels.add(name);
        if (!trunk) {
            call.extensions.add(number);
        }
        channels.put(name, c);
        callOfChannel.put(name, call);
        if (trunk) {
            trunkUsage(trunkIndex, +1);
        }
        if (call.firstChannel.isEmpty()) {
            call.firstChannel = name;
        } else if (call.firstDstChannel.isEmpty()) {
            call.firstDstChannel = name;
        }
        emit(c.event("add"));
        extensionChanged(c);
        return c;
    }

    /** A repeated frame for a leg whose fields changed. */
    void update(SimChannel c) {
        if (channels.containsKey(c.name)) {
            emit(c.event("update"));
            extensionChanged(c);
        }
    }

    /** Both legs Up and a bridge between them (or the call's bridge re-pointed at them). */
    void connect(SimCall call, SimChannel a, SimChannel b) {
        Instant now = Instant.now();
        if (call.answer == null) {
            call.answer = now;
        }
        a.state = "Up";
        b.state = "Up";
        a.bridged = true;
        b.bridged = true;
        a.connectednum = b.number;
        a.connectedname = b.callername;
        b.connectednum = a.number;
        b.connectedname = a.callername;
        update(a);
        update(b);
        if (call.bridge == null) {
            call.bridge = new SimBridge(a, b, now);
            emit(call.bridge.event("add"));
        } else {
            call.bridge.channel1 = a;
            call.bridge.channel2 = b;
            emit(call.bridge.event("update"));
        }
        if (!b.trunk && call.dstAnswer.isEmpty()) {
            call.dstAnswer = b.number;
        }
    }

    /** Removes one leg: a delete frame with only {@code channel}. */
    void dropLeg(SimChannel c) {
        if (channels.remove(c.name) == null) {
            return;
        }
        SimCall call = callOfChannel.remove(c.name);
        if (call != null) {
            call.legs.remove(c);
        }
        if (c.trunk) {
            String idx = c.name.substring("PJSIP/trunk_".length(), c.name.lastIndexOf('-'));
            trunkUsage(idx, -1);
        }
        emit(new JsonObject().put("action", "delete").put("channel", c.name));
        c.state = "Down";
        extensionChanged(c);
    }

    /** Hangs up every leg and writes the CDR. */
    void end(SimCall call, String disposition) {
        if (call.isEnded()) {
            return;
        }
        call.disposition = disposition;
        Instant now = Instant.now();
        // Asterisk tears the called side down first.
        List<SimChannel> legs = new ArrayList<>(call.legs);
        for (int i = legs.size() - 1; i >= 0; i--) {
            dropLeg(legs.get(i));
        }
        calls.remove(call.linkedid);
        pagings.values().remove(call);
        if (call.decision != null) {
            call.decision.tryComplete(false);
        }
        if (call.answer != null && recorded(call)) {
            call.recordFiles = recordings.record("monitor",
                    "auto-" + call.start.getEpochSecond() + "-" + call.src + "-" + call.dst + ".wav",
                    Duration.between(call.answer, now).toSeconds());
        }
        cdrs.add(call, now);
        call.ended.tryComplete();
    }

    /** Ends every live call (reboot); their CDRs are written as the PBX does for calls cut by a restart. */
    void endAll(String disposition) {
        for (SimCall call : new ArrayList<>(calls.values())) {
            end(call, call.answer == null ? "NO ANSWER" : disposition);
        }
    }

    /** auto_record of any extension in the call: all, or internal/external matching the call. */
    private boolean recorded(SimCall call) {
        boolean internal = "Internal".equals(call.userfield);
        for (String ext : call.extensions) {
            JsonObject row = config.accounts.find(ext);
            String mode = row == null ? "off" : row.getString("auto_record", "off");
            if ("all".equals(mode) || ("internal".equals(mode) && internal) || ("external".equals(mode) && !internal)) {
                return true;
            }
        }
        return false;
    }

    /** Waits {@code d}; fails with {@link CallEnded} if the call ends first or had ended. */
    Future<Void> pause(SimCall call, Duration d) {
        if (call.isEnded()) {
            return Future.failedFuture(new CallEnded());
        }
        Promise<Void> p = Promise.promise();
        long id = vertx.setTimer(Math.max(1, d.toMillis()), t -> {
            if (call.isEnded()) {
                p.tryFail(new CallEnded());
            } else {
                p.tryComplete();
            }
        });
        call.ended.future().onComplete(x -> {
            vertx.cancelTimer(id);
            p.tryFail(new CallEnded());
        });
        return p.future();
    }

    Future<Void> step(SimCall call) {
        return pause(call, options.stepDelay());
    }

    String outboundTrunk() {
        for (JsonObject r : config.outboundRoutes.rows()) {
            String t = String.valueOf(r.getValue("default_trunk_index"));
            if (config.trunks.contains(t)) {
                return t;
            }
        }
        List<JsonObject> trunks = config.trunks.rows();
        if (trunks.isEmpty()) {
            throw new UcmApiException(UcmStatus.NO_SUCH_ITEM, "no trunk to dial out");
        }
        return String.valueOf(trunks.get(0).getValue("trunk_index"));
    }

    String trunkName(String trunkIndex) {
        JsonObject t = config.trunks.find(trunkIndex);
        return t == null ? "trunk_" + trunkIndex : t.getString("trunk_name");
    }

    String randomExtension(String... exclude) {
        List<String> exts = new ArrayList<>(config.extensions());
        exts.removeAll(List.of(exclude));
        return exts.get(random.nextInt(exts.size()));
    }

    String randomExternal() {
        return "0" + (600_000_000 + random.nextInt(99_999_999));
    }

    // ---------------------------------------------------------------- frames

    private void emit(JsonObject entry) {
        events.publish("ActiveCallStatus", new JsonArray().add(entry));
    }

    private void extensionChanged(SimChannel c) {
        if (c.trunk) {
            return;
        }
        String ext = c.number;
        String status = "Idle";
        for (SimChannel other : channels.values()) {
            if (!other.trunk && other.number.equals(ext)) {
                if ("Up".equals(other.state) || "Ring".equals(other.state)) {
                    status = "InUse";
                    break;
                }
                if ("Ringing".equals(other.state)) {
                    status = "Ringing";
                }
            }
        }
        String before = extensionStatus.getOrDefault(ext, "Idle");
        if (!before.equals(status)) {
            extensionStatus.put(ext, status);
            JsonObject row = config.accounts.find(ext);
            if (row != null) {
                row.put("status", status);
            }
            events.publish("ExtensionStatus", new JsonArray().add(new JsonObject().put("extension", ext).put("status", status)));
        }
    }

    private void trunkUsage(String trunkIndex, int delta) {
        int before = trunkLegs.getOrDefault(trunkIndex, 0);
        int after = Math.max(0, before + delta);
        trunkLegs.put(trunkIndex, after);
        if ((before == 0) != (after == 0)) {
            events.publish("TrunkStatus", new JsonArray().add(new JsonObject()
                    .put("trunk_index", trunkIndex).put("trunk_name", trunkName(trunkIndex))
                    .put("status", after == 0 ? "Idle" : "InUse").put("calls", after)));
        }
    }

    private String nextUniqueId(Instant now) {
        return now.getEpochSecond() + "." + (++uniqueSeq);
    }
}
