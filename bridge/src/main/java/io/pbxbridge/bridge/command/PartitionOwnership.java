package io.pbxbridge.bridge.command;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which configured PBXes this instance owns: those whose key ({@code pbx_id}) the default Kafka
 * partitioner puts on a partition of the commands topic assigned to this instance. Uses the same
 * formula as the producer's default partitioner for a non-null key, so ownership follows exactly
 * where producers write a PBX's commands. The configured set changes with a configuration reload
 * ({@link #configured(Collection)}); readers on any thread see one set or the other.
 */
public final class PartitionOwnership {
    private volatile Set<String> configured;

    public PartitionOwnership(Collection<String> configuredPbxIds) {
        this.configured = Set.copyOf(configuredPbxIds);
    }

    /** The PBXes configured now (a reload). */
    public void configured(Collection<String> configuredPbxIds) {
        this.configured = Set.copyOf(configuredPbxIds);
    }

    /** The partition the default partitioner chooses for key {@code pbxId} among {@code numPartitions}. */
    public static int partitionOf(String pbxId, int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions must be >= 1, was " + numPartitions);
        }
        byte[] key = pbxId.getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % numPartitions;
    }

    /** The configured PBXes whose partition is among {@code assignedPartitions} (sorted, for stable logs). */
    public Set<String> owned(Collection<Integer> assignedPartitions, int numPartitions) {
        Set<String> owned = new TreeSet<>();
        Set<String> now = configured;
        for (String pbxId : now) {
            if (assignedPartitions.contains(partitionOf(pbxId, numPartitions))) {
                owned.add(pbxId);
            }
        }
        return owned;
    }

    public boolean isConfigured(String pbxId) {
        return configured.contains(pbxId);
    }

    public Set<String> configured() {
        return configured;
    }
}
