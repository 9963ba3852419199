package io.pbxbridge.bridge.status;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the commands topic has enough partitions for the instances in the command group. Ownership of PBXes
 * moves between instances a whole partition at a time, so an instance beyond the partition count holds none:
 * it owns no PBX and only stands by, and an instance leaving hands its whole share to a few survivors. Warns
 * when the group comes to have more members than partitions (once each time, from the group's own view:
 * {@link GroupView}), and exports both counts so an alert can say the same.
 */
final class CommandPartitionSpread {
    private static final Logger LOG = LoggerFactory.getLogger(CommandPartitionSpread.class);

    private volatile int members;
    private volatile int partitions;
    private boolean warned;

    CommandPartitionSpread(MeterRegistry registry) {
        Gauge.builder("pbx_command_group_members", this, s -> s.members)
                .description("Members of the command consumer group (bridge instances), as the group coordinator last"
                        + " reported them")
                .register(registry);
        Gauge.builder("pbx_command_partitions", this, s -> s.partitions)
                .description("Partitions of the commands topic: PBX ownership spreads over at most this many instances")
                .register(registry);
    }

    /** Takes the group as last described; a group that could not be described changes nothing. */
    synchronized void update(GroupView.Group g) {
        if (g.error() != null || g.partitions() <= 0) {
            return;
        }
        members = g.members().size();
        partitions = g.partitions();
        boolean tooFew = members > partitions;
        if (tooFew && !warned) {
            LOG.warn("Command group {} has {} instances but the commands topic only {} partitions: {} of them own no"
                    + " PBX and only stand by. Give the commands topic at least as many partitions as instances, better"
                    + " a few times more (README, sizing)", g.groupId(), members, partitions, members - partitions);
        } else if (!tooFew && warned) {
            LOG.info("Command group {} has {} instances for {} command partitions: every instance can own PBXes again",
                    g.groupId(), members, partitions);
        }
        warned = tooFew;
    }
}
