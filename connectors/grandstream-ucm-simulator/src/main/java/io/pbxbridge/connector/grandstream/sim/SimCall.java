package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Promise;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** All legs sharing one linkedid, plus what the CDR needs. */
final class SimCall {
    final String linkedid;
    final CallScenario kind;
    final Instant start;
    final List<SimChannel> legs = new ArrayList<>();
    /** Every channel the call ever had, in order of creation. */
    final List<String> allChannels = new ArrayList<>();
    /** Extensions that had a leg in the call. */
    final java.util.Set<String> extensions = new java.util.LinkedHashSet<>();
    String recordFiles = "";
    final Promise<Void> ended = Promise.promise();
    /** Completed by acceptCall (true), refuseCall (false) or the Call Control window (true). */
    Promise<Boolean> decision;
    SimChannel awaitingDecision;
    SimBridge bridge;
    Instant answer;
    String src;
    String dst;
    String dstAnswer = "";
    String callerName = "";
    String srcTrunkName = "";
    String dstTrunkName = "";
    String userfield = "Internal";
    String dcontext = "from-internal";
    String actionType = "";
    String firstChannel = "";
    String firstDstChannel = "";
    String disposition;

    SimCall(String linkedid, CallScenario kind, Instant start) {
        this.linkedid = linkedid;
        this.kind = kind;
        this.start = start;
    }

    boolean isEnded() {
        return ended.future().isComplete();
    }
}
