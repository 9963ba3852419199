package io.pbxbridge.bridge.command;

import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandDeadlinesTest {
    private static final Instant ISSUED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant RECEIVED = ISSUED.plusSeconds(40);
    private final CommandDeadlines deadlines = new CommandDeadlines(Duration.ofSeconds(30), Duration.ofMinutes(5));

    private static Command dial(Instant expiresAt) {
        return Command.newBuilder(TestCommands.dial("c1", "pbx-a")).setIssuedAt(ISSUED).setExpiresAt(expiresAt).build();
    }

    @Test
    void expiresAtWinsWhenGiven() {
        Command c = dial(ISSUED.plusSeconds(120));

        assertThat(deadlines.of(c, CommandTimes.of(c, 0, RECEIVED))).isEqualTo(ISSUED.plusSeconds(120));
        assertThat(deadlines.describe(c, CommandTimes.of(c, 0, RECEIVED))).isEqualTo("expires_at " + ISSUED.plusSeconds(120));
    }

    @Test
    void withoutExpiryTheDefaultOfTheActionCountsFromIssue() {
        Command call = dial(null);
        Command configure = Command.newBuilder(call).setAction(CommandAction.CONFIGURE).build();
        CommandTimes times = CommandTimes.of(call, 0, RECEIVED);

        assertThat(deadlines.of(call, times)).isEqualTo(ISSUED.plusSeconds(30));
        assertThat(deadlines.of(configure, times)).isEqualTo(ISSUED.plus(Duration.ofMinutes(5)));
        assertThat(deadlines.describe(call, times)).contains("issued " + ISSUED).contains("the default 30 s for DIAL");
    }

    @Test
    void anEarlierRecordTimestampIsTheIssueTimeALaterOneIsNot() {
        Command c = dial(null);
        long earlier = ISSUED.minusSeconds(5).toEpochMilli();
        long later = ISSUED.plusSeconds(5).toEpochMilli();

        assertThat(CommandTimes.of(c, earlier, RECEIVED).issued()).isEqualTo(ISSUED.minusSeconds(5));
        assertThat(CommandTimes.of(c, later, RECEIVED).issued()).isEqualTo(ISSUED);
        assertThat(CommandTimes.of(c, -1, RECEIVED)).isEqualTo(new CommandTimes(ISSUED, RECEIVED));
    }

    @Test
    void deadlinesMustBePositive() {
        assertThatThrownBy(() -> new CommandDeadlines(Duration.ZERO, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
