package io.pbxbridge.bridge.ingress;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One publish per report: re-sends wait for the first publish or are answered from a bounded memory. */
class RecentReportsTest {
    private static NormalizedRecord withId(String eventId) {
        return new NormalizedRecord(BridgeTopic.CDR, "k", null, eventId, "t", null);
    }

    @Test
    void aReSendWaitsForTheFirstPublishThenIsAnsweredFromMemory() {
        RecentReports recent = new RecentReports(Duration.ofMinutes(5), 10);
        RecentReports.Claim first = recent.claim("a");
        assertThat(first).isInstanceOf(RecentReports.First.class);
        RecentReports.Claim again = recent.claim("a");
        assertThat(again).isInstanceOf(RecentReports.InFlight.class);
        assertThat(((RecentReports.InFlight) again).outcome().isComplete()).isFalse();
        assertThat(recent.claim("b")).as("another report").isInstanceOf(RecentReports.First.class);

        recent.settle((RecentReports.First) first, null);
        assertThat(((RecentReports.InFlight) again).outcome().succeeded()).isTrue();
        assertThat(recent.claim("a")).isInstanceOf(RecentReports.Acknowledged.class);
        assertThat(recent.inFlightCount()).as("b only").isEqualTo(1);
    }

    @Test
    void aFailedPublishIsForgottenSoTheNextReSendPublishes() {
        RecentReports recent = new RecentReports(Duration.ofMinutes(5), 10);
        RecentReports.First first = (RecentReports.First) recent.claim("a");
        RecentReports.InFlight waiting = (RecentReports.InFlight) recent.claim("a");
        recent.settle(first, new IllegalStateException("Kafka down"));
        assertThat(waiting.outcome().failed()).isTrue();
        assertThat(recent.claim("a")).isInstanceOf(RecentReports.First.class);
    }

    @Test
    void memoryIsBoundedByCountAndWindow() throws Exception {
        RecentReports byCount = new RecentReports(Duration.ofMinutes(5), 2);
        for (String key : List.of("a", "b", "c")) {
            byCount.settle((RecentReports.First) byCount.claim(key), null);
        }
        assertThat(byCount.acknowledgedCount()).isEqualTo(2);
        assertThat(byCount.claim("a")).as("the oldest forgotten").isInstanceOf(RecentReports.First.class);
        assertThat(byCount.claim("c")).isInstanceOf(RecentReports.Acknowledged.class);

        RecentReports byTime = new RecentReports(Duration.ofMillis(50), 100);
        byTime.settle((RecentReports.First) byTime.claim("a"), null);
        assertThat(byTime.claim("a")).isInstanceOf(RecentReports.Acknowledged.class);
        Thread.sleep(120);
        assertThat(byTime.claim("a")).as("past the window").isInstanceOf(RecentReports.First.class);
        assertThat(byTime.acknowledgedCount()).isZero();

        RecentReports none = new RecentReports(Duration.ZERO, 100);
        none.settle((RecentReports.First) none.claim("a"), null);
        assertThat(none.claim("a")).as("window 0 remembers none").isInstanceOf(RecentReports.First.class);
    }

    @Test
    void aReportIsKnownByAllItsEventIds() {
        assertThat(RecentReports.key(List.of(withId("e1")))).isEqualTo("e1");
        String both = RecentReports.key(List.of(withId("e1"), withId("e2")));
        assertThat(both).isEqualTo(RecentReports.key(List.of(withId("e1"), withId("e2"))))
                .isNotEqualTo(RecentReports.key(List.of(withId("e1"), withId("e3"))))
                .isNotEqualTo(RecentReports.key(List.of(withId("e1"))))
                .isNotEqualTo(RecentReports.key(List.of(withId("e1"), withId("e2"), withId("e2"))));
        assertThat(RecentReports.key(List.of())).as("nothing to go by").isNull();
        NormalizedRecord status = new NormalizedRecord(BridgeTopic.EXTENSION_STATUS, "k", null, "e9", "t", null);
        assertThat(RecentReports.key(List.of(status))).as("the same status body can be a new event").isNull();
        assertThat(RecentReports.key(List.of(withId("e1"), status))).isNull();

        RecentReports recent = new RecentReports(Duration.ofMinutes(5), 10);
        RecentReports.First untracked = (RecentReports.First) recent.claim(null);
        assertThat(recent.claim(null)).as("never waits, never remembered").isInstanceOf(RecentReports.First.class);
        recent.settle(untracked, null);
        assertThat(recent.claim(null)).isInstanceOf(RecentReports.First.class);
        assertThat(recent.acknowledgedCount()).isZero();
    }
}
