package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.grandstream.testing.DocFrames;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.pbxbridge.connector.grandstream.testing.Frames.EXT;
import static io.pbxbridge.connector.grandstream.testing.Frames.EXT2;
import static io.pbxbridge.connector.grandstream.testing.Frames.LINKED;
import static io.pbxbridge.connector.grandstream.testing.Frames.TRUNK;
import static io.pbxbridge.connector.grandstream.testing.Frames.bridge;
import static io.pbxbridge.connector.grandstream.testing.Frames.delete;
import static io.pbxbridge.connector.grandstream.testing.Frames.extRinging;
import static io.pbxbridge.connector.grandstream.testing.Frames.trunkRinging;
import static io.pbxbridge.connector.grandstream.testing.Frames.upBridged;
import static org.assertj.core.api.Assertions.assertThat;

class ActiveCallChannelTrackerTest {
    private final List<CallTransition> out = new ArrayList<>();

    private void feed(ActiveCallChannelTracker tracker, JsonObject... items) {
        for (JsonObject item : items) {
            out.addAll(tracker.apply(ActiveCallItem.of(item)));
        }
    }

    private List<CallEventType> types() {
        return out.stream().map(CallTransition::type).toList();
    }

    @Test
    void inboundCallWithCallControlRepeatedFramesAndDeleteWithOnlyTheChannel() {
        ActiveCallChannelTracker tracker = new ActiveCallChannelTracker(true);
        feed(tracker,
                trunkRinging("add"), trunkRinging("update"), trunkRinging("update"),
                extRinging(EXT, "1001", "add"), extRinging(EXT, "1001", "update"),
                bridge(TRUNK, EXT, "add"), bridge(TRUNK, EXT, "update"),
                upBridged(TRUNK), upBridged(EXT), upBridged(EXT),
                delete(EXT), bridge(TRUNK, EXT, "delete"), delete(TRUNK), delete(TRUNK));

        assertThat(types()).containsExactly(CallEventType.INBOUND_REQUEST, CallEventType.RINGING,
                CallEventType.ANSWERED, CallEventType.ENDED);
        assertThat(out).allMatch(t -> t.callId().equals(LINKED));

        CallTransition request = out.get(0);
        assertThat(request.parties()).hasSize(1);
        Party trunk = request.parties().get(0);
        assertThat(trunk.getLegRef()).isEqualTo(TRUNK);
        assertThat(trunk.getKind()).isEqualTo(PartyKind.EXTERNAL);
        assertThat(trunk.getRole()).isEqualTo(PartyRole.CALLER);
        assertThat(trunk.getTrunk()).isEqualTo("SIPTrunk1");
        assertThat(trunk.getFromNumber()).isEqualTo("0612345678");

        Party ext = out.get(1).parties().stream().filter(p -> EXT.equals(p.getLegRef())).findFirst().orElseThrow();
        assertThat(ext.getKind()).isEqualTo(PartyKind.EXTENSION);
        assertThat(ext.getRole()).isEqualTo(PartyRole.CALLEE);
        assertThat(ext.getNumber()).isEqualTo("1001");
        assertThat(ext.getState()).isEqualTo(LegState.RINGING);

        CallTransition ended = out.get(3);
        assertThat(ended.parties()).extracting(Party::getLegRef).containsExactlyInAnyOrder(TRUNK, EXT);
        assertThat(ended.parties()).allMatch(p -> p.getState() == LegState.HUNG_UP);
        assertThat(ended.attributes()).containsEntry("answered", "true");
        assertThat(tracker.trackedChannels()).isZero();
        assertThat(tracker.activeCalls()).isZero();
    }

    @Test
    void withoutCallControlTheRingingTrunkLegIsPlainRinging() {
        ActiveCallChannelTracker tracker = new ActiveCallChannelTracker(false);
        feed(tracker, trunkRinging("add"), extRinging(EXT, "1001", "add"), delete(EXT), delete(TRUNK));

        assertThat(types()).containsExactly(CallEventType.RINGING, CallEventType.ENDED);
        assertThat(out.get(1).reason()).isEqualTo("ended before it was answered");
    }

    @Test
    void ringGroupFanOutRingsOnceAndEndsWhenTheLastLegGoes() {
        ActiveCallChannelTracker tracker = new ActiveCallChannelTracker(false);
        feed(tracker, trunkRinging("add"), extRinging(EXT, "1001", "add"), extRinging(EXT2, "1002", "add"),
                bridge(TRUNK, EXT2, "add"), delete(EXT));
        assertThat(types()).containsExactly(CallEventType.RINGING, CallEventType.ANSWERED);
        feed(tracker, delete(EXT2), delete(TRUNK));
        assertThat(types()).containsExactly(CallEventType.RINGING, CallEventType.ANSWERED, CallEventType.ENDED);
    }

    @Test
    void rebridgingTheTrunkToAnotherExtensionIsATransfer() {
        ActiveCallChannelTracker tracker = new ActiveCallChannelTracker(false);
        feed(tracker, trunkRinging("add"), extRinging(EXT, "1001", "add"), bridge(TRUNK, EXT, "add"),
                extRinging(EXT2, "1002", "add"), delete(EXT), bridge(TRUNK, EXT2, "add"));

        assertThat(types()).containsExactly(CallEventType.RINGING, CallEventType.ANSWERED, CallEventType.TRANSFERRED);
        CallTransition transfer = out.get(2);
        assertThat(transfer.attributes()).containsEntry("bridged_with", EXT2);
        assertThat(transfer.parties()).extracting(Party::getLegRef).contains(TRUNK, EXT2);
    }

    @Test
    void holdStateAndItsReturn() {
        ActiveCallChannelTracker tracker = new ActiveCallChannelTracker(false);
        feed(tracker, trunkRinging("add"), extRinging(EXT, "1001", "add"), bridge(TRUNK, EXT, "add"),
                new JsonObject().put("action", "update").put("channel", EXT).put("state", "Hold"),
                new JsonObject().put("action", "update").put("channel", EXT).put("state", "Hold"),
                upBridged(EXT));
        assertThat(types()).containsExactly(CallEventType.RINGING, CallEventType.ANSWERED, CallEventType.HELD,
                CallEventType.RESUMED);
    }

    @Test
    void resyncEndsVanishedCallsStartsNewOnesAndRepeatsNothing() {
        ActiveCallChannelTracker tracker = new ActiveCallChannelTracker(false);
        // Call A answered, call B ringing, before the socket dropped.
        feed(tracker, trunkRinging("add"), extRinging(EXT, "1001", "add"), bridge(TRUNK, EXT, "add"),
                new JsonObject().put("action", "add").put("channel", "PJSIP/2000-00000010").put("linkedid", "B")
                        .put("state", "Ring").put("callernum", "2000"),
                new JsonObject().put("action", "add").put("channel", "PJSIP/2001-00000011").put("linkedid", "B")
                        .put("state", "Ringing").put("callernum", "2001"));
        out.clear();

        // While disconnected: B ended, C started ringing, D was answered; A still talking.
        JsonArray bridged = new JsonArray()
                .add(bridge(TRUNK, EXT, "add").put("have_send", 1))
                .add(new JsonObject().put("channel1", "PJSIP/3000-00000020").put("channel2", "PJSIP/3001-00000021")
                        .put("callerid1", "3000").put("callerid2", "3001").put("uniqueid1", "D").put("uniqueid2", "D.1"));
        JsonArray unbridged = new JsonArray()
                .add(new JsonObject().put("channel", "PJSIP/4000-00000030").put("state", "Ringing").put("callernum", "4000")
                        .put("uniqueid", "C"));
        out.addAll(tracker.resync(bridged, unbridged));

        assertThat(out).extracting(t -> t.callId() + ":" + t.type())
                .containsExactly("B:ENDED", "C:RINGING", "D:RINGING", "D:ANSWERED");
        assertThat(out.get(2).reason()).contains("recovered by resync");
        assertThat(out.get(0).typeRaw()).isEqualTo("resync");

        out.clear();
        out.addAll(tracker.resync(bridged, unbridged));
        assertThat(out).isEmpty();

        // A live frame for a channel learnt from the resync continues its call without repeats.
        feed(tracker, upBridged("PJSIP/3000-00000020"), delete("PJSIP/3000-00000020"), delete("PJSIP/3001-00000021"));
        assertThat(out).extracting(t -> t.callId() + ":" + t.type()).containsExactly("D:ENDED");
    }

    @Test
    void callsWhoseDeletesWereLostAreBounded() {
        ActiveCallChannelTracker tracker = new ActiveCallChannelTracker(false, 2);
        for (int i = 0; i < 5; i++) {
            feed(tracker, new JsonObject().put("action", "add").put("channel", "PJSIP/10" + i + "0-0000000" + i)
                    .put("linkedid", "L" + i).put("state", "Ring"));
        }
        assertThat(tracker.activeCalls()).isEqualTo(2);
        assertThat(tracker.trackedChannels()).isEqualTo(2);
        assertThat(tracker.evicted()).isEqualTo(3);
        assertThat(types()).containsOnly(CallEventType.RINGING).hasSize(5);
    }

    @Test
    void aCallThatKeepsGainingLegsIsBoundedAndItsEndListsTheFirstPartiesAndACount() {
        ActiveCallChannelTracker tracker = new ActiveCallChannelTracker(false);
        feed(tracker, trunkRinging("add"));
        // A queue call ringing agent after agent: each leg comes and goes while the trunk leg stays.
        int agents = ActiveCallChannelTracker.MAX_PARTIES_LISTED + 36;
        for (int i = 0; i < agents; i++) {
            String channel = "PJSIP/2" + i + "-000100" + i;
            feed(tracker, new JsonObject().put("action", "add").put("channel", channel).put("linkedid", LINKED)
                    .put("state", "Ringing"), delete(channel));
        }
        // Then one that never leaves, flooding the call with legs.
        int flood = ActiveCallChannelTracker.MAX_LEGS_PER_CALL + 10;
        for (int i = 0; i < flood; i++) {
            feed(tracker, new JsonObject().put("action", "add").put("channel", "PJSIP/9" + i + "-000200" + i)
                    .put("linkedid", LINKED).put("state", "Ringing"));
        }
        assertThat(tracker.trackedChannels()).isEqualTo(ActiveCallChannelTracker.MAX_LEGS_PER_CALL);
        assertThat(tracker.legsNotTracked()).isEqualTo(11); // the trunk leg holds one of the places
        assertThat(tracker.liveLegs(LINKED)).hasSize(ActiveCallChannelTracker.MAX_LEGS_PER_CALL);
        // A bridge naming an untracked channel of the full call adds nothing either.
        feed(tracker, bridge(TRUNK, "PJSIP/9" + (flood - 1) + "-000200" + (flood - 1), "add"));
        assertThat(tracker.trackedChannels()).isEqualTo(ActiveCallChannelTracker.MAX_LEGS_PER_CALL);
        assertThat(tracker.legsNotTracked()).isEqualTo(12);

        for (UcmLeg leg : tracker.liveLegs(LINKED)) {
            feed(tracker, delete(leg.channel()));
        }
        CallTransition ended = out.get(out.size() - 1);
        assertThat(ended.type()).isEqualTo(CallEventType.ENDED);
        assertThat(ended.parties()).hasSize(ActiveCallChannelTracker.MAX_PARTIES_LISTED);
        assertThat(ended.attributes()).containsEntry("parties_not_listed",
                Long.toString(agents + ActiveCallChannelTracker.MAX_LEGS_PER_CALL - ActiveCallChannelTracker.MAX_PARTIES_LISTED));
        assertThat(tracker.activeCalls()).isZero();
    }
    /**
     * A bridge without a linkedid whose two channels are both new joins them to the call of {@code uniqueid1}:
     * the cap counts both (the old check looked only for a linkedid or a tracked partner, so a full call grew to
     * cap + 2, and one at cap - 1 to cap + 1).
     */
    @Test
    void aBridgeOfTwoNewChannelsWithoutLinkedidKeepsTheLegCap() {
        for (int start : new int[] {0, 1}) {
            ActiveCallChannelTracker tracker = new ActiveCallChannelTracker(false);
            int cap = ActiveCallChannelTracker.MAX_LEGS_PER_CALL;
            for (int i = start; i < cap; i++) {
                feed(tracker, new JsonObject().put("action", "add").put("channel", "PJSIP/9" + i + "-000300" + i)
                        .put("linkedid", LINKED).put("state", "Ringing"));
            }
            assertThat(tracker.liveLegs(LINKED)).hasSize(cap - start);
            feed(tracker, new JsonObject().put("action", "add").put("channel1", "PJSIP/7001-00000a01")
                    .put("channel2", "PJSIP/7002-00000a02").put("linkedid", "").put("uniqueid1", LINKED)
                    .put("uniqueid2", "1700000000.99"));
            assertThat(tracker.liveLegs(LINKED)).as("legs after the bridge, %d free before", start)
                    .hasSize(cap - start); // refused whole: two more legs never fit
            assertThat(tracker.legsNotTracked()).isEqualTo(1);
        }
    }
    /** The only leg item of a pushed frame gives, without a tracker, the steps a fresh tracker gives. */
    @Test
    void anItemAloneStepsAsAFreshTrackerAppliesIt() {
        List<JsonObject> items = List.of(trunkRinging("add"), trunkRinging("update"), extRinging(EXT, "1001", "add"),
                upBridged(EXT), delete(EXT), bridge(TRUNK, EXT, "add"),
                DocFrames.leg("add", "PJSIP/trunk_2-00000011", "1.21", "1.20",
                        "Ringing", "0612345678", "1001", "2019-11-25 10:00:01", "", "Provider1"),
                new JsonObject().put("channel", "PJSIP/1001-00000009").put("state", "On Hold"),
                new JsonObject().put("action", "ADD").put("channel", "PJSIP/1001-00000009").put("state", "Up"));
        for (boolean callControl : new boolean[] {false, true}) {
            for (JsonObject item : items) {
                List<CallTransition> alone = ActiveCallChannelTracker.firstStepAlone(callControl, ActiveCallItem.of(item));
                List<CallTransition> applied = new ActiveCallChannelTracker(callControl).apply(ActiveCallItem.of(item));
                if (alone == null) { // a bridge or a delete: left to a tracker
                    assertThat(item.containsKey("channel1") || "delete".equals(item.getString("action"))).as("%s", item).isTrue();
                    continue;
                }
                assertThat(alone).as("%s, call control %s", item, callControl).isEqualTo(applied);
            }
        }
    }
}
