package io.pbxbridge.bridge.status;

import io.pbxbridge.connector.yeastar.sim.MutableClock;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.PbxEventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StatusFeedTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:20:00Z"), ZoneId.of("UTC"));
    private final List<StatusFeed.LiveLine> published = new ArrayList<>();
    private final StatusFeed feed = new StatusFeed(Set.of("hq", "branch")::contains,
            published::add, clock);

    @Test
    void keepsOnlyThePbxesThisInstanceOwns() {
        assertThat(feed.wantsKey("hq/1646630136.3162")).isTrue();
        assertThat(feed.wantsKey("hq")).isTrue();
        assertThat(feed.wantsKey("other/123")).isFalse();
        assertThat(feed.wantsKey("hqx/1")).isFalse();

        feed.accept(StatusRecords.ringing("other", "1.1"));
        feed.accept(StatusRecords.ringing("hq", "1.2"));

        assertThat(feed.liveLines()).extracting(StatusFeed.LiveLine::pbx).containsExactly("hq");
        assertThat(published).hasSize(1);
        assertThat(published.get(0).text()).contains("hq", "call ringing", "call=1.2", "caller extension 1001");
        assertThat(published.get(0).type()).isEqualTo("call");
    }

    @Test
    void countsReportsAndCommandsOfTheLastMinutePerPbx() {
        feed.accept(StatusRecords.ringing("hq", "1"));
        feed.accept(StatusRecords.ringing("hq", "2"));
        feed.accept(StatusRecords.session("hq", PbxEventType.SESSION_UP, null)); // not a report
        feed.accept(StatusRecords.result("hq", "c1", CommandStatus.SUCCEEDED, null));
        clock.advance(Duration.ofSeconds(30));
        feed.accept(StatusRecords.ringing("hq", "3"));
        feed.accept(StatusRecords.ringing("branch", "4"));

        long now = feed.nowSecond();
        assertThat(feed.activity("hq").reportsLastMinute(now)).isEqualTo(3);
        assertThat(feed.activity("hq").commandsLastMinute(now)).isEqualTo(1);
        assertThat(feed.activity("branch").reportsLastMinute(now)).isEqualTo(1);
        assertThat(feed.activity("hq").lastReportAt()).isEqualTo(StatusRecords.AT);
        assertThat(feed.activity("hq").model()).isEqualTo("S300");

        clock.advance(Duration.ofSeconds(31)); // the first three are now older than a minute
        now = feed.nowSecond();
        assertThat(feed.activity("hq").reportsLastMinute(now)).isEqualTo(1);
        assertThat(feed.activity("hq").commandsLastMinute(now)).isZero();
        clock.advance(Duration.ofMinutes(5));
        assertThat(feed.activity("hq").reportsLastMinute(feed.nowSecond())).isZero();
    }

    @Test
    void failedCommandsAndSessionTroubleAreProblemsSuccessIsNot() {
        feed.accept(StatusRecords.result("hq", "ok-1", CommandStatus.SUCCEEDED, null));
        feed.accept(StatusRecords.result("hq", "bad-1", CommandStatus.PBX_ERROR, "errno 10006 (Extension does not exist)"));

        assertThat(feed.recentFailedCommands()).singleElement().satisfies(c -> {
            assertThat(c.commandId()).isEqualTo("bad-1");
            assertThat(c.status()).isEqualTo("PBX_ERROR");
            assertThat(c.vendorErrorCode()).isEqualTo("10006");
        });
        assertThat(feed.activity("hq").lastError().text()).isEqualTo("command PBX_ERROR: errno 10006 (Extension does not exist)");
        assertThat(feed.liveLines()).extracting(StatusFeed.LiveLine::failure).containsExactly(false, true);

        feed.accept(StatusRecords.session("branch", PbxEventType.AUTH_FAILED, "errno 10002: wrong credentials"));
        assertThat(feed.activity("branch").lastError().text()).isEqualTo("AUTH_FAILED: errno 10002: wrong credentials");
        assertThat(feed.liveLines().get(2).failure()).isTrue();
    }

    @Test
    void deadLettersShowReasonAndPlaceNeverTheReportSecretOrTheBody() {
        feed.accept(StatusRecords.deadLetter("hq", "/report/hq/0123456789abcdef0123", "report is not valid JSON"));
        feed.accept(StatusRecords.deadLetter("hq", "/report/hq/******", "again"));
        feed.accept(StatusRecords.deadLetter(null, "topic pbx.commands/0@17", "not a Command"));

        assertThat(feed.recentDeadLetters()).extracting(StatusFeed.DeadLetterEntry::where)
                .containsExactly("topic pbx.commands/0@17", "/report/hq/******", "/report/hq/******");
        assertThat(feed.recentDeadLetters().get(0).pbx()).isNull();
        assertThat(feed.activity("hq").lastError().text()).isEqualTo("dead letter: again");
        assertThat(feed.liveLines()).allMatch(StatusFeed.LiveLine::failure)
                .noneMatch(l -> l.text().contains("0123456789abcdef0123") || l.text().contains("raw-body-is-never-shown"));
        assertThat(StatusFeed.maskSecrets("POST /report/hq/s3cr3t-s3cr3t-s3cr3t failed")).isEqualTo("POST /report/hq/****** failed");
    }

    @Test
    void memoryIsBoundedWhateverTheTraffic() {
        for (int i = 0; i < 5 * StatusFeed.LIVE_LINES; i++) {
            feed.accept(StatusRecords.ringing("hq", "call-" + i));
            feed.accept(StatusRecords.result("hq", "cmd-" + i, CommandStatus.TIMED_OUT, "slow"));
            feed.accept(StatusRecords.deadLetter("hq", "/report/hq/******", "bad " + i));
        }
        List<StatusFeed.LiveLine> live = feed.liveLines();
        assertThat(live).hasSize(StatusFeed.LIVE_LINES);
        assertThat(live.get(live.size() - 1).seq()).isEqualTo(15L * StatusFeed.LIVE_LINES);
        assertThat(live).isSortedAccordingTo(java.util.Comparator.comparingLong(StatusFeed.LiveLine::seq));
        assertThat(feed.recentFailedCommands()).hasSize(StatusFeed.RECENT_PROBLEMS)
                .first().extracting(StatusFeed.FailedCommand::commandId).isEqualTo("cmd-" + (5 * StatusFeed.LIVE_LINES - 1));
        assertThat(feed.recentDeadLetters()).hasSize(StatusFeed.RECENT_PROBLEMS);
    }
}
