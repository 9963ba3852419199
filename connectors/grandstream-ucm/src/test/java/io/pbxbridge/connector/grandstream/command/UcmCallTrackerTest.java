package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.pbxbridge.connector.grandstream.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class UcmCallTrackerTest {

    @Test
    void learnsChannelsAndForgetsEndedCalls() {
        UcmCallTracker tracker = Fixtures.tracker();
        assertThat(tracker.inboundLeg(INBOUND_CALL)).map(UcmCallTracker.Leg::channel).contains(INBOUND_TRUNK);
        assertThat(tracker.extensionLeg(INBOUND_CALL, "1001")).map(UcmCallTracker.Leg::channel).contains(INBOUND_EXT);
        assertThat(tracker.externalLeg(OUTBOUND_CALL)).map(UcmCallTracker.Leg::channel).contains(OUTBOUND_TRUNK);
        assertThat(tracker.inboundLeg(OUTBOUND_CALL)).isEmpty();
        assertThat(tracker.latestLegOfExtension("1004")).map(UcmCallTracker.Leg::channel).contains(INTERNAL_B);

        tracker.observe(List.of(event(INTERNAL_CALL, CallEventType.ENDED)));
        assertThat(tracker.knows(INTERNAL_CALL)).isFalse();

        tracker.observe(List.of(event(OUTBOUND_CALL, CallEventType.UPDATED,
                party(PartyRole.CALLEE, PartyKind.EXTERNAL, "0309999", OUTBOUND_TRUNK, LegState.HUNG_UP))));
        assertThat(tracker.legs(OUTBOUND_CALL)).extracting(UcmCallTracker.Leg::channel).containsExactly(OUTBOUND_EXT);

        CallRecord cdr = new CallRecord();
        cdr.setCallId(INBOUND_CALL);
        tracker.observe(List.of(new NormalizedRecord(BridgeTopic.CDR, "ucm-1/" + INBOUND_CALL, cdr, "cdr-1", "cdr", Instant.now())));
        assertThat(tracker.knows(INBOUND_CALL)).isFalse();
    }

    @Test
    void isBoundedInCountAndAge() {
        MutableClock clock = new MutableClock();
        UcmCallTracker tracker = new UcmCallTracker(2, Duration.ofHours(1), clock);
        tracker.observe(Fixtures.calls());
        assertThat(tracker.size()).isEqualTo(2);
        assertThat(tracker.knows(INBOUND_CALL)).isFalse(); // least recently updated went first

        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThat(tracker.size()).isZero();
    }

    @Test
    void liveFramesFillInLegsTheEventsDidNotName() {
        UcmCallTracker tracker = Fixtures.tracker();
        tracker.liveChannels(callId -> callId.equals(INTERNAL_CALL)
                ? List.of(new UcmCallTracker.Leg("PJSIP/1009-00000009", PartyKind.EXTENSION, "1009", false)) : List.of());
        assertThat(tracker.extensionLeg(INTERNAL_CALL, "1009")).map(UcmCallTracker.Leg::channel).contains("PJSIP/1009-00000009");
        assertThat(tracker.extensionLegs(INTERNAL_CALL)).hasSize(3);
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
