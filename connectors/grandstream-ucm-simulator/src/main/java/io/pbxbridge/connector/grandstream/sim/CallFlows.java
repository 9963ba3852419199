package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Generated call flows, step by step, with {@code stepDelay} between steps. Each flow's future completes
 * once its last frame is sent (the call ended), with a summary; a flow cut short by Hangup/refuseCall/reboot
 * completes the same way with the disposition the cut gave it.
 */
final class CallFlows {
    private final Vertx vertx;
    private final UcmSimulatorOptions options;
    private final SimConfig config;
    private final CallEngine engine;

    CallFlows(Vertx vertx, UcmSimulatorOptions options, SimConfig config, CallEngine engine) {
        this.vertx = vertx;
        this.options = options;
        this.config = config;
        this.engine = engine;
    }

    Future<SimCallSummary> run(CallScenario scenario, String caller, String callee) {
        return switch (scenario) {
            case INTERNAL -> internal(orExt(caller), callee, true);
            case FAILED -> internal(orExt(caller), callee, false);
            case INBOUND -> inbound(caller == null ? engine.randomExternal() : caller, callee);
            case OUTBOUND -> outbound(orExt(caller), callee == null ? engine.randomExternal() : callee);
            case TRANSFERRED -> transferred(orExt(caller), callee);
            case QUEUE -> queue(caller == null ? engine.randomExternal() : caller, callee == null ? "6500" : callee);
            case API -> Future.failedFuture(new IllegalArgumentException("API calls are started by dial actions"));
        };
    }

    private String orExt(String n) {
        return n == null ? engine.randomExtension() : n;
    }

    private String otherExt(String n, String... more) {
        if (n != null) {
            return n;
        }
        List<String> exclude = new ArrayList<>(List.of(more));
        return engine.randomExtension(exclude.toArray(String[]::new));
    }

    private Future<SimCallSummary> internal(String a, String bOrNull, boolean answered) {
        String b = otherExt(bOrNull, a);
        requireExtension(a);
        requireExtension(b);
        SimCall call = engine.newCall(answered ? CallScenario.INTERNAL : CallScenario.FAILED, a, b);
        SimChannel legA = engine.addLeg(call, a, null, "Ring");
        Future<Void> f = engine.step(call).compose(v -> {
            SimChannel legB = ringExtension(call, b, a, legA);
            legA.connectednum = b;
            engine.update(legA);
            if (!answered) {
                return engine.pause(call, options.stepDelay().multipliedBy(3)).map(x -> {
                    engine.end(call, "NO ANSWER");
                    return (Void) null;
                });
            }
            return engine.step(call).compose(x -> {
                engine.connect(call, legA, legB);
                return talk(call, options.talkTime());
            });
        });
        return finish(call, f);
    }

    private Future<SimCallSummary> inbound(String external, String extOrNull) {
        String ext = orExt(extOrNull);
        requireExtension(ext);
        SimCall call = engine.newCall(CallScenario.INBOUND, external, ext);
        String trunk = inboundTrunk();
        SimChannel t = trunkLegIn(call, external, trunk);
        Future<Void> f = callControl(call, t).compose(accepted -> {
            if (!accepted) {
                engine.end(call, "FAILED");
                return Future.<Void>succeededFuture();
            }
            return engine.step(call).compose(v -> {
                SimChannel e = ringExtension(call, ext, external, t);
                t.connectednum = ext;
                engine.update(t);
                return engine.step(call).compose(x -> {
                    engine.connect(call, t, e);
                    return talk(call, options.talkTime());
                });
            });
        });
        return finish(call, f);
    }

    private Future<SimCallSummary> outbound(String ext, String external) {
        requireExtension(ext);
        SimCall call = engine.newCall(CallScenario.OUTBOUND, ext, external);
        call.userfield = "Outbound";
        SimChannel a = engine.addLeg(call, ext, null, "Ring");
        Future<Void> f = engine.step(call).compose(v -> {
            SimChannel t = trunkLegOut(call, external, a);
            return engine.step(call).compose(x -> {
                engine.connect(call, a, t);
                return talk(call, options.talkTime());
            });
        });
        return finish(call, f);
    }

    private Future<SimCallSummary> transferred(String a, String bOrNull) {
        String b = otherExt(bOrNull, a);
        String c = engine.randomExtension(a, b);
        requireExtension(a);
        requireExtension(b);
        SimCall call = engine.newCall(CallScenario.TRANSFERRED, a, b);
        SimChannel legA = engine.addLeg(call, a, null, "Ring");
        Future<Void> f = engine.step(call).compose(v -> {
            SimChannel legB = ringExtension(call, b, a, legA);
            return engine.step(call).compose(x -> {
                engine.connect(call, legA, legB);
                return engine.step(call);
            }).compose(x -> redirect(call, legA, legB, c)).compose(x -> talk(call, options.talkTime()));
        });
        return finish(call, f);
    }

    private Future<SimCallSummary> queue(String external, String queue) {
        JsonObject q = config.queues.get(queue);
        SimCall call = engine.newCall(CallScenario.QUEUE, external, queue);
        call.actionType = "QUEUE";
        String trunk = inboundTrunk();
        SimChannel t = trunkLegIn(call, external, trunk);
        t.service = "queue";
        Future<Void> f = callControl(call, t).compose(accepted -> {
            if (!accepted) {
                engine.end(call, "FAILED");
                return Future.<Void>succeededFuture();
            }
            return engine.step(call).compose(v -> ringAndPick(call, t, queueAgents(queue, q), external))
                    .compose(x -> talk(call, options.talkTime()));
        });
        return finish(call, f);
    }

    // ---------------------------------------------------------------- pieces shared with API actions

    /** Rings every member at once; the first answers, the others stop ringing. */
    Future<Void> ringAndPick(SimCall call, SimChannel caller, List<String> members, String callerNumber) {
        if (members.isEmpty()) {
            return engine.pause(call, options.stepDelay()).map(v -> {
                engine.end(call, "NO ANSWER");
                return null;
            });
        }
        List<SimChannel> ringing = new ArrayList<>();
        for (String m : members) {
            ringing.add(ringExtension(call, m, callerNumber, caller));
        }
        return engine.step(call).map(v -> {
            SimChannel winner = ringing.get(engine.random.nextInt(ringing.size()));
            for (SimChannel r : ringing) {
                if (r != winner) {
                    engine.dropLeg(r);
                }
            }
            engine.connect(call, caller, winner);
            return null;
        });
    }

    /** Moves {@code keep}'s peer to {@code target}: target rings, {@code leaving} hangs up, keep ↔ target. */
    Future<Void> redirect(SimCall call, SimChannel keep, SimChannel leaving, String target) {
        call.actionType = "TRANSFER";
        SimChannel n = config.isExtension(target) ? ringExtension(call, target, keep.number, keep)
                : trunkLegOut(call, target, keep);
        return engine.step(call).map(v -> {
            if (leaving != null) {
                engine.dropLeg(leaving);
            }
            for (SimChannel other : new ArrayList<>(call.legs)) {
                if (other != keep && other != n) {
                    engine.dropLeg(other);
                }
            }
            engine.connect(call, keep, n);
            call.dstAnswer = n.number;
            return null;
        });
    }

    SimChannel ringExtension(SimCall call, String ext, String from, SimChannel fromLeg) {
        // B.3 (ghastx): on extension legs callernum is the ringing extension, connectednum the other party.
        return engine.addLeg(call, ext, null, "Ringing", e -> {
            e.connectednum = from;
            e.connectedname = fromLeg == null ? "" : fromLeg.callername;
            e.inboundTrunkName = fromLeg == null ? "" : fromLeg.inboundTrunkName;
        });
    }

    SimChannel trunkLegIn(SimCall call, String external, String trunk) {
        call.userfield = "Inbound";
        call.dcontext = "from-trunk-" + trunk;
        call.srcTrunkName = engine.trunkName(trunk);
        return engine.addLeg(call, external, trunk, "Ring", t -> {
            t.inboundTrunkName = engine.trunkName(trunk);
            t.connectednum = "s";   // table 27: "when the channel is not bridged, display s"
            t.service = "from-trunk";
        });
    }

    SimChannel trunkLegOut(SimCall call, String external, SimChannel from) {
        String trunk = engine.outboundTrunk();
        call.dstTrunkName = engine.trunkName(trunk);
        if (call.userfield.equals("Internal")) {
            call.userfield = "Outbound";
        }
        SimChannel t = engine.addLeg(call, external, trunk, "Ringing", leg -> {
            leg.outboundTrunkName = engine.trunkName(trunk);
            leg.connectednum = from == null ? "" : from.number;
        });
        if (from != null) {
            from.outboundTrunkName = t.outboundTrunkName;
            from.connectednum = external;
            engine.update(from);
        }
        return t;
    }

    /** Call Control: with it on, an inbound trunk leg waits for acceptCall/refuseCall or the window. */
    Future<Boolean> callControl(SimCall call, SimChannel trunkLeg) {
        if (!options.callControl()) {
            return Future.succeededFuture(true);
        }
        Promise<Boolean> decision = Promise.promise();
        call.decision = decision;
        call.awaitingDecision = trunkLeg;
        long id = vertx.setTimer(options.callControlWindow().toMillis(), t -> decision.tryComplete(true));
        return decision.future().andThen(x -> {
            vertx.cancelTimer(id);
            call.awaitingDecision = null;
        });
    }

    Future<Void> talk(SimCall call, Duration d) {
        return engine.pause(call, d).map(v -> {
            engine.end(call, "ANSWERED");
            return null;
        });
    }

    Future<SimCallSummary> finish(SimCall call, Future<Void> flow) {
        return flow.recover(err -> {
            if (err instanceof CallEngine.CallEnded) {
                return Future.succeededFuture();
            }
            engine.end(call, "FAILED");
            return Future.failedFuture(err);
        }).map(v -> new SimCallSummary(call.linkedid, call.kind, call.src, call.dst, call.disposition, call.allChannels));
    }

    String inboundTrunk() {
        List<JsonObject> trunks = config.trunks.rows();
        if (trunks.isEmpty()) {
            throw new UcmApiException(UcmStatus.NO_SUCH_ITEM, "no trunk");
        }
        return String.valueOf(trunks.get(engine.random.nextInt(trunks.size())).getValue("trunk_index"));
    }

    List<String> queueAgents(String queue, JsonObject q) {
        Set<String> agents = new LinkedHashSet<>();
        String members = q.getString("members");
        if (members != null) {
            for (String m : members.split(",")) {
                if (config.isExtension(m.trim())) {
                    agents.add(m.trim());
                }
            }
        }
        agents.addAll(config.queueAgents.getOrDefault(queue, Set.of()));
        agents.removeAll(config.pausedAgents);
        return new ArrayList<>(agents);
    }

    private void requireExtension(String ext) {
        if (!config.isExtension(ext)) {
            throw new IllegalArgumentException("not an extension: " + ext);
        }
    }
}
