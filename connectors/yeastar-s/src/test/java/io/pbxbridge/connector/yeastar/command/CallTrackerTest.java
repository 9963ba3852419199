package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.SessionEvents;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static io.pbxbridge.connector.yeastar.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class CallTrackerTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void v1InviteThenAnswerGivesTheInboundLegAndTheExtension() {
        CallTracker tracker = new CallTracker();
        tracker.observe(v1Calls());

        assertThat(tracker.inbound(V1_INBOUND_CALL)).get()
                .isEqualTo(new TrackedLeg(TrackedLeg.Kind.INBOUND, V1_INBOUND_ID, "3834847222", "SPS-6-36"));
        assertThat(tracker.outbound(V1_INBOUND_CALL)).isEmpty();
        assertThat(tracker.extensionLegs(V1_INBOUND_CALL)).extracting(TrackedLeg::number).containsExactly("1005");
        assertThat(tracker.outbound(V1_OUTBOUND_CALL)).get().extracting(TrackedLeg::legRef).isEqualTo(V1_OUTBOUND_ID);
        assertThat(tracker.trunkLeg(V1_OUTBOUND_CALL)).get().extracting(TrackedLeg::kind).isEqualTo(TrackedLeg.Kind.OUTBOUND);
        assertThat(tracker.extensionLegs(V1_INTERNAL_CALL)).extracting(TrackedLeg::number).containsExactly("1000", "1002");
        assertThat(tracker.size()).isEqualTo(3);
    }

    @Test
    void v2ChannelsPerExtensionAndTheLatestCallOfAnExtension() {
        CallTracker tracker = new CallTracker();
        tracker.observe(v2Calls());

        assertThat(tracker.channel(V2_INBOUND_CALL, "1023")).contains(V2_INBOUND_EXT_CHANNEL);
        assertThat(tracker.channel(V2_OUTBOUND_CALL, "1023")).contains(V2_OUTBOUND_EXT_CHANNEL);
        assertThat(tracker.channel(V2_INBOUND_CALL, "2000")).isEmpty();
        assertThat(tracker.inbound(V2_INBOUND_CALL)).get().extracting(TrackedLeg::legRef).isEqualTo(V2_INBOUND_CHANNEL);
        assertThat(tracker.latestLegOfExtension("1023")).get().extracting(TrackedLeg::legRef).isEqualTo(V2_OUTBOUND_EXT_CHANNEL);
        assertThat(tracker.legByRef("PJSIP/1020-00000026")).get().extracting(TrackedLeg::number).isEqualTo("1020");
    }

    @Test
    void aMemberThatHungUpLeavesAndTheCallEndsWhenAllHaveLeft() {
        CallTracker tracker = new CallTracker();
        tracker.observe(v2Calls());

        // CallStatus: 1020 hung up, 2000 still there (e.g. in a transfer).
        tracker.observe(List.of(event(V2_INTERNAL_CALL, CallEventType.UPDATED, "CallStatus",
                extParty(PartyRole.CALLER, "2000", "PJSIP/2000-00000025", LegState.ANSWERED),
                extParty(PartyRole.CALLEE, "1020", "PJSIP/1020-00000026", LegState.HUNG_UP))));
        assertThat(tracker.extensionLegs(V2_INTERNAL_CALL)).extracting(TrackedLeg::number).containsExactly("2000");

        tracker.observe(List.of(event(V2_INTERNAL_CALL, CallEventType.UPDATED, "CallStatus",
                extParty(PartyRole.CALLER, "2000", "PJSIP/2000-00000025", LegState.HUNG_UP))));
        assertThat(tracker.knows(V2_INTERNAL_CALL)).isFalse();
        assertThat(tracker.knows(V2_INBOUND_CALL)).isTrue();
    }

    @Test
    void byeEndsTheCallAndACdrRemovesIt() {
        CallTracker tracker = new CallTracker();
        tracker.observe(v1Calls());

        tracker.observe(List.of(event(V1_INTERNAL_CALL, CallEventType.ENDED, "BYE",
                extParty(PartyRole.CALLER, "1000", "1000", LegState.HUNG_UP),
                extParty(PartyRole.CALLEE, "1002", null, null))));
        assertThat(tracker.knows(V1_INTERNAL_CALL)).isFalse();

        tracker.observe(List.of(cdr(V1_INBOUND_CALL)));
        assertThat(tracker.knows(V1_INBOUND_CALL)).isFalse();
        assertThat(tracker.inbound(V1_INBOUND_CALL)).isEmpty();
        assertThat(tracker.knows(V1_OUTBOUND_CALL)).isTrue();
    }

    @Test
    void laterEventsKeepWhatEarlierOnesSaid() {
        CallTracker tracker = new CallTracker();
        tracker.observe(List.of(event(V1_INBOUND_CALL, CallEventType.INBOUND_REQUEST, "Invite",
                inboundParty("3834847222", "1005", "SPS-6-36", V1_INBOUND_ID, null))));
        // A later report that names the leg without its trunk.
        tracker.observe(List.of(event(V1_INBOUND_CALL, CallEventType.DTMF, "DTMF",
                inboundParty(null, null, null, V1_INBOUND_ID, null))));

        TrackedLeg leg = tracker.inbound(V1_INBOUND_CALL).orElseThrow();
        assertThat(leg.trunk()).isEqualTo("SPS-6-36");
        assertThat(leg.number()).isEqualTo("3834847222");
    }

    @Test
    void partiesWithoutTheVendorKindAreClassifiedByRole() {
        Party caller = Party.newBuilder().setRole(PartyRole.CALLER).setKind(PartyKind.EXTERNAL)
                .setNumber("555").setLegRef("1600000000.1").build();
        Party callee = Party.newBuilder().setRole(PartyRole.CALLEE).setKind(PartyKind.TRUNK)
                .setNumber("777").setLegRef("1600000000.2").build();
        Party extension = Party.newBuilder().setRole(PartyRole.OTHER).setKind(PartyKind.EXTENSION).setNumber("1000").build();
        Party unknown = Party.newBuilder().setRole(PartyRole.UNKNOWN).setKind(PartyKind.EXTERNAL).setLegRef("x").build();

        CallTracker tracker = new CallTracker();
        tracker.observe(List.of(event("1600000000.1", CallEventType.RINGING, "RING", caller, callee, extension, unknown)));

        assertThat(tracker.inbound("1600000000.1")).get().extracting(TrackedLeg::legRef).isEqualTo("1600000000.1");
        assertThat(tracker.outbound("1600000000.1")).get().extracting(TrackedLeg::legRef).isEqualTo("1600000000.2");
        assertThat(tracker.extensionLeg("1600000000.1", "1000")).get().extracting(TrackedLeg::legRef).isEqualTo("1000");
        assertThat(tracker.legs("1600000000.1")).hasSize(3);
    }

    @Test
    void boundedByCountLeastRecentlyUpdatedGoesFirst() {
        CallTracker tracker = new CallTracker(3, Duration.ofHours(1), new ManualClock());
        for (int i = 1; i <= 3; i++) {
            tracker.observe(List.of(call("170000000" + i + ".1")));
        }
        // Refresh the first call: now the second is the stalest.
        tracker.observe(List.of(call("1700000001.1")));
        tracker.observe(List.of(call("1700000004.1"), call("1700000005.1")));

        assertThat(tracker.size()).isEqualTo(3);
        assertThat(tracker.knows("1700000001.1")).isTrue();
        assertThat(tracker.knows("1700000002.1")).isFalse();
        assertThat(tracker.knows("1700000003.1")).isFalse();
        assertThat(tracker.knows("1700000005.1")).isTrue();
    }

    @Test
    void callsSilentLongerThanTheMaxAgeAreForgotten() {
        ManualClock clock = new ManualClock();
        CallTracker tracker = new CallTracker(100, Duration.ofMinutes(30), clock);
        tracker.observe(List.of(call("1700000001.1"), call("1700000002.1")));
        clock.advance(Duration.ofMinutes(20));
        tracker.observe(List.of(call("1700000002.1")));
        clock.advance(Duration.ofMinutes(15));

        assertThat(tracker.knows("1700000001.1")).isFalse();
        assertThat(tracker.inbound("1700000002.1")).isPresent();
        clock.advance(Duration.ofMinutes(16));
        assertThat(tracker.size()).isZero();
    }

    @Test
    void recordsThatAreNotAboutCallsAreIgnored() {
        NormalizedRecord sessionEvent = SessionEvents.of(PBX, io.pbxbridge.schema.Vendor.YEASTAR_S,
                new io.pbxbridge.connector.spi.BridgeInfo("test", "i-1"), io.pbxbridge.schema.PbxEventType.BOOTED,
                "boot", null, NOW);
        CallTracker tracker = new CallTracker();
        tracker.observe(List.of(sessionEvent));
        tracker.observe(null);
        assertThat(tracker.size()).isZero();
    }

    private static NormalizedRecord call(String callId) {
        return event(callId, CallEventType.INBOUND_REQUEST, "Invite", inboundParty("555", "1000", "SIP-1", callId, null));
    }
}
