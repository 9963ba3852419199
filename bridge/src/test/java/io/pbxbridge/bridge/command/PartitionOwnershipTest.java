package io.pbxbridge.bridge.command;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionOwnershipTest {

    @Test
    void partitionMatchesTheProducersDefaultPartitionerForStringKeys() {
        for (String id : List.of("pbx-a", "pbx-b", "office-berlin", "S300-1", "ä-unicode", "x")) {
            for (int n : new int[]{1, 2, 3, 6, 12, 50}) {
                int expected = BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), n);
                assertThat(PartitionOwnership.partitionOf(id, n)).as("%s over %d partitions", id, n).isEqualTo(expected);
            }
        }
    }

    @Test
    void ownsExactlyTheConfiguredPbxesOnAssignedPartitions() {
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "pbx-" + i).toList();
        PartitionOwnership ownership = new PartitionOwnership(ids);
        Set<String> first = ownership.owned(Set.of(0, 1), 4);
        Set<String> second = ownership.owned(Set.of(2, 3), 4);

        assertThat(first).isNotEmpty().doesNotContainAnyElementsOf(second);
        assertThat(second).isNotEmpty();
        assertThat(ownership.owned(Set.of(0, 1, 2, 3), 4)).containsExactlyInAnyOrderElementsOf(ids);
        first.forEach(id -> assertThat(PartitionOwnership.partitionOf(id, 4)).isIn(0, 1));
        assertThat(ownership.owned(Set.of(), 4)).isEmpty();
    }

    @Test
    void unconfiguredIdsAreNeverOwned() {
        PartitionOwnership ownership = new PartitionOwnership(List.of("pbx-a"));
        assertThat(ownership.owned(Set.of(0), 1)).containsExactly("pbx-a");
        assertThat(ownership.isConfigured("pbx-z")).isFalse();
    }

    @Test
    void rejectsZeroPartitions() {
        assertThatThrownBy(() -> PartitionOwnership.partitionOf("a", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
