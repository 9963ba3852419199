package io.pbxbridge.connector.yeastar.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A live simulated call: caller, callee, optional monitors, and the ids clients address it by. */
final class SimCall {
    enum Kind {
        INTERNAL("Internal"), INBOUND("Inbound"), OUTBOUND("Outbound"), CALLBACK("Callback");

        final String cdrType;

        Kind(String cdrType) {
            this.cdrType = cdrType;
        }
    }

    enum State { INVITING, RINGING, TALKING, ENDED }

    final String callId;
    final Kind kind;
    final Instant start;
    SimLeg caller;
    /** Null while the call sits in an IVR or waits in a queue. */
    SimLeg callee;
    final List<SimLeg> monitors = new ArrayList<>();
    String inboundId;
    String outboundId;
    String callPath;
    State state = State.RINGING;
    Instant answeredAt;
    Instant inviteAt;
    boolean inviteAnswered;
    /** Set when the API asked for hang-up; the flow stops at its next step. */
    boolean hangupRequested;
    String hangupBy;
    long endTimer = -1;
    /** Continues the flow once an {@code Invite} is accepted (by the API or by the timeout). */
    Runnable afterAccept;
    long inviteTimer = -1;
    /** Bumped on every (re)connect so a stale step timer of an earlier destination does nothing. */
    int generation;
    java.time.Duration talk = java.time.Duration.ZERO;
    /** Runs instead of the talk timer once answered (scenario continuations). */
    Runnable onAnswered;
    boolean failed;
    boolean busy;
    final List<io.vertx.core.Future<Void>> reports = new ArrayList<>();
    final io.vertx.core.Promise<Void> ended = io.vertx.core.Promise.promise();

    SimCall(String callId, Kind kind, Instant start) {
        this.callId = callId;
        this.kind = kind;
        this.start = start;
    }

    List<SimLeg> legs() {
        List<SimLeg> legs = new ArrayList<>();
        if (caller != null) {
            legs.add(caller);
        }
        if (callee != null) {
            legs.add(callee);
        }
        legs.addAll(monitors);
        return legs;
    }

    SimLeg trunkLeg() {
        for (SimLeg l : legs()) {
            if (!l.isExt()) {
                return l;
            }
        }
        return null;
    }

    boolean involvesExtension(String ext) {
        return legs().stream().anyMatch(l -> l.isExt() && l.number.equals(ext));
    }

    SimLeg legByChannel(String channelId) {
        return legs().stream().filter(l -> channelId.equals(l.channelId)).findFirst().orElse(null);
    }

    SimLeg extLeg(String ext) {
        return legs().stream().filter(l -> l.isExt() && l.number.equals(ext)).findFirst().orElse(null);
    }
}
