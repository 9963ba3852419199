package io.pbxbridge.bridge.status;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the status page concludes from the command group's assignment: unowned PBXes and too few partitions. */
class GroupHealthTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private static GroupView.Member member(String instance, List<Integer> partitions, Set<String> owned) {
        List<String> named = owned.stream().sorted().limit(GroupView.NAMED_PBXES).toList();
        return new GroupView.Member(instance, "10.0.0.1", partitions, named, false, owned.size());
    }

    private static GroupView.Group group(int partitions, Instant at, GroupView.Member... members) {
        return new GroupView.Group("pbx-bridge", "stable", List.of(members), Set.of(), partitions, null, at);
    }

    @Test
    void aMemberOwningMorePbxesThanThePageNamesLeavesNoneUnowned() {
        Set<String> fleet = IntStream.range(0, 40).mapToObj(i -> "pbx-" + i).collect(Collectors.toSet());
        Clock later = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
        UnownedPbxes unowned = new UnownedPbxes(() -> fleet, new SimpleMeterRegistry(), Duration.ofSeconds(15), later);
        GroupView.Member all = member("bridge-a", List.of(0, 1, 2), fleet);
        assertThat(all.pbxes()).as("names shown on the page").hasSize(GroupView.NAMED_PBXES);

        unowned.update(new GroupView.Group("pbx-bridge", "stable", List.of(all), fleet, 3, null, T0));
        unowned.update(new GroupView.Group("pbx-bridge", "stable", List.of(all), fleet, 3, null, T0.plusSeconds(30)));
        assertThat(unowned.unowned()).isEmpty();

        Set<String> held = fleet.stream().filter(id -> !id.equals("pbx-7")).collect(Collectors.toSet());
        GroupView.Member most = member("bridge-a", List.of(0, 1), held);
        unowned.update(new GroupView.Group("pbx-bridge", "stable", List.of(most), held, 3, null, T0));
        unowned.update(new GroupView.Group("pbx-bridge", "stable", List.of(most), held, 3, null, T0.plusSeconds(30)));
        assertThat(unowned.unowned()).containsExactly("pbx-7");
    }

    @Test
    void moreInstancesThanCommandPartitionsIsWarnedOnceAndExported() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CommandPartitionSpread spread = new CommandPartitionSpread(registry);
        Logger logger = (Logger) LoggerFactory.getLogger(CommandPartitionSpread.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        try {
            spread.update(group(2, T0, member("a", List.of(0), Set.of("hq")), member("b", List.of(1), Set.of())));
            assertThat(captured.list).as("2 instances, 2 partitions").isEmpty();

            GroupView.Member c = member("c", List.of(), Set.of());
            spread.update(group(2, T0, member("a", List.of(0), Set.of("hq")), member("b", List.of(1), Set.of()), c));
            spread.update(group(2, T0, member("a", List.of(0), Set.of("hq")), member("b", List.of(1), Set.of()), c));
            assertThat(registry.get("pbx_command_group_members").gauge().value()).isEqualTo(3.0);
            assertThat(registry.get("pbx_command_partitions").gauge().value()).isEqualTo(2.0);

            spread.update(new GroupView.Group("pbx-bridge", "unknown", List.of(), Set.of(), 0, "timed out", T0));
            assertThat(registry.get("pbx_command_group_members").gauge().value())
                    .as("an undescribed group changes nothing").isEqualTo(3.0);

            spread.update(group(4, T0, member("a", List.of(0, 1), Set.of("hq")), member("b", List.of(2), Set.of()), c));
        } finally {
            logger.detachAppender(captured);
        }
        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("Command group pbx-bridge has 3 instances but the commands topic only 2"
                + " partitions: 1 of them own no PBX");
        assertThat(captured.list.get(0).getLevel().toString()).isEqualTo("WARN");
        assertThat(lines.get(1)).contains("3 instances for 4 command partitions");
        assertThat(registry.get("pbx_command_partitions").gauge().value()).isEqualTo(4.0);
    }
}
