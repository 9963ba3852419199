package io.pbxbridge.bridge.command;

import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class CommandResultCacheTest {
    static {
        io.pbxbridge.schema.codec.TrustedContractClasses.install();
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

    private CommandResult result(String pbx, String id) {
        return CommandResult.newBuilder().setCommandId(id).setPbxId(pbx).setStatus(CommandStatus.SUCCEEDED)
                .setExecutedBy("test").setCompletedAt(clock.instant()).build();
    }

    @Test
    void answersWithinTheWindowAndForgetsAfterIt() {
        CommandResultCache cache = new CommandResultCache(Duration.ofHours(24), 10, clock);
        cache.put(result("pbx-a", "c1"));

        clock.advance(Duration.ofHours(23));
        assertThat(cache.get("pbx-a", "c1")).map(CommandResult::getCommandId).contains("c1");

        clock.advance(Duration.ofHours(2));
        assertThat(cache.get("pbx-a", "c1")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void commandIdsAreScopedToTheirPbx() {
        CommandResultCache cache = new CommandResultCache(Duration.ofHours(1), 10, clock);
        cache.put(result("pbx-a", "c1"));
        assertThat(cache.get("pbx-b", "c1")).isEmpty();
    }

    @Test
    void evictsTheLeastRecentlyUsedPastTheBound() {
        CommandResultCache cache = new CommandResultCache(Duration.ofHours(1), 2, clock);
        cache.put(result("p", "c1"));
        cache.put(result("p", "c2"));
        cache.get("p", "c1");
        cache.put(result("p", "c3"));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("p", "c2")).isEmpty();
        assertThat(cache.get("p", "c1")).isPresent();
        assertThat(cache.get("p", "c3")).isPresent();
    }

    @Test
    void windowRunsFromCompletionSoOldWarmedResultsAreNotKept() {
        CommandResultCache cache = new CommandResultCache(Duration.ofMinutes(10), 10, clock);
        CommandResult old = CommandResult.newBuilder(result("p", "old"))
                .setCompletedAt(clock.instant().minus(Duration.ofMinutes(11))).build();
        cache.put(old);
        assertThat(cache.get("p", "old")).isEmpty();

        cache.put(result("p", "new"));
        clock.advance(Duration.ofMinutes(11));
        assertThat(cache.evictExpired()).isEqualTo(1);
    }

    @Test
    void doesNotKeepHugeResponsesButSaysSo() {
        CommandResultCache cache = new CommandResultCache(Duration.ofHours(1), 10, clock);
        cache.put(CommandResult.newBuilder(result("p", "big")).setResponseJson("x".repeat(20_000)).build());
        cache.put(CommandResult.newBuilder(result("p", "small")).setResponseJson("{\"a\":1}").build());

        CommandResult big = cache.get("p", "big").orElseThrow();
        assertThat(big.getResponseJson()).isNull();
        assertThat(big.getReason()).contains("response_json (20000 characters) is not kept");
        assertThat(cache.get("p", "small").orElseThrow().getResponseJson()).isEqualTo("{\"a\":1}");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
