package io.pbxbridge.bridge.tail;

import io.vertx.kafka.client.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a tail whose visitor holds records fetches: only records the holder lacks, and only once they are a tick old. */
class ReadPlannerTest {
    private static final long TICK = 50_000_000L;
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    /** A holder with a first lacking offset per partition (absent: holds nothing there) and partitions it waits in. */
    private static final class Holding implements TopicTail.Holder {
        final Map<Integer, Long> firstLacking = new HashMap<>();
        final Set<Integer> waiting = new HashSet<>();

        @Override
        public long firstLacking(String topic, int partition) {
            return firstLacking.getOrDefault(partition, -1L);
        }

        @Override
        public boolean waitingIn(String topic, int partition) {
            return waiting.contains(partition);
        }
    }

    private final Holding holder = new Holding();
    private final ReadPlanner planner = new ReadPlanner(holder, TICK);

    @Test
    void recordsTheHolderHasAreNeverFetched() {
        planner.start(Map.of(P0, 10L, P1, 20L), 0);
        // Its own writes: the holder has everything up to the ends, a tick later and many ticks later.
        for (long now = 0, end = 10; now < 10 * TICK; now += TICK / 2, end += 100) {
            holder.firstLacking.put(0, end);
            holder.firstLacking.put(1, end + 10);
            ReadPlanner.Plan plan = planner.plan(Map.of(P0, end, P1, end + 10), now);
            assertThat(plan.read()).as("at %d ns", now).isEmpty();
            assertThat(plan.idle()).containsExactlyInAnyOrder(P0, P1);
            assertThat(plan.seeks()).isEmpty();
        }
    }

    @Test
    void aRecordItLacksIsFetchedOnceATickOldFromTheFirstItLacks() {
        planner.start(Map.of(P0, 10L), 0);
        holder.firstLacking.put(0, 15L); // 10..14 are its own; 15 (another instance's) and beyond it lacks
        ReadPlanner.Plan young = planner.plan(Map.of(P0, 17L), TICK / 2);
        assertThat(young.read()).as("records younger than a tick: acknowledgements may be on the way").isEmpty();
        ReadPlanner.Plan stillYoung = planner.plan(Map.of(P0, 17L), TICK);
        assertThat(stillYoung.read()).as("the ends of a tick ago (the start) hold nothing it lacks").isEmpty();
        ReadPlanner.Plan due = planner.plan(Map.of(P0, 17L), 2 * TICK);
        assertThat(due.read()).containsExactly(P0);
        assertThat(due.seeks()).as("skips what it holds").containsExactly(Map.entry(P0, 15L));

        planner.read(P0, 15);
        planner.read(P0, 16);
        holder.firstLacking.put(0, 17L);
        ReadPlanner.Plan after = planner.plan(Map.of(P0, 17L), 3 * TICK);
        assertThat(after.read()).isEmpty();
        assertThat(after.seeks()).isEmpty();
    }

    @Test
    void aHolderWaitingInAPartitionHasItFetchedAtOnce() {
        planner.start(Map.of(P0, 10L, P1, 10L), 0);
        holder.firstLacking.put(0, 12L);
        holder.firstLacking.put(1, 10L);
        holder.waiting.add(0); // its record 13 waits for 12, another instance's
        ReadPlanner.Plan plan = planner.plan(Map.of(P0, 14L, P1, 10L), 1);
        assertThat(plan.read()).containsExactly(P0);
        assertThat(plan.seeks()).containsExactly(Map.entry(P0, 12L));
        assertThat(plan.idle()).containsExactly(P1);
    }

    @Test
    void aPartitionItHoldsNothingOfIsReadAsItComes() {
        planner.start(Map.of(P0, 10L), 0);
        assertThat(planner.plan(Map.of(P0, 10L), 1).read()).isEmpty();
        ReadPlanner.Plan plan = planner.plan(Map.of(P0, 11L), 2);
        assertThat(plan.read()).containsExactly(P0);
        assertThat(plan.seeks()).isEmpty();
    }

    @Test
    void neverSeeksBackOverWhatWasRead() {
        planner.start(Map.of(P0, 10L), 0);
        holder.firstLacking.put(0, 10L);
        planner.plan(Map.of(P0, 20L), TICK);
        planner.read(P0, 10);
        planner.read(P0, 11);
        holder.firstLacking.put(0, 11L); // the holder has not caught up with what the tail read yet
        ReadPlanner.Plan plan = planner.plan(Map.of(P0, 20L), 2 * TICK);
        assertThat(plan.read()).containsExactly(P0);
        assertThat(plan.seeks()).isEmpty();
    }
}
