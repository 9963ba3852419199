package io.pbxbridge.bridge.status;

import io.pbxbridge.bridge.command.CommandConsumer;
import io.pbxbridge.bridge.command.PartitionOwnership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is in the command consumer group and which PBXes each member owns, as Kafka's group assignment
 * says: the partitions of the commands topic each member holds, mapped to PBX ids the way producers
 * key commands ({@link PartitionOwnership}). Only PBXes this instance's configuration names can be
 * shown. Asked at most once per {@link #MAX_AGE}, however many pages poll.
 */
final class GroupView {
    static final Duration MAX_AGE = Duration.ofSeconds(5);

    /** @param pbxes a few of the PBXes it owns (at most {@link #NAMED_PBXES}); {@code pbxCount} says how many */
    record Member(String instance, String host, List<Integer> partitions, List<String> pbxes, boolean self,
                  int pbxCount) {
        Member(String instance, String host, List<Integer> partitions, List<String> pbxes, boolean self) {
            this(instance, host, partitions, pbxes, self, pbxes.size());
        }
    }

    /** PBX ids named per member: a member of a big fleet owns thousands. */
    static final int NAMED_PBXES = 10;

    /**
     * @param owned      every configured PBX some member holds (members name at most {@link #NAMED_PBXES} each)
     * @param partitions partitions of the commands topic; 0 when unknown
     * @param error      why the assignment is unknown; null when it is known
     */
    record Group(String groupId, String state, List<Member> members, Set<String> owned, int partitions, String error,
                 Instant at) {
    }

    private final Vertx vertx;
    private final Admin admin;
    private final String groupId;
    private final String commandsTopic;
    private final java.util.function.Supplier<? extends java.util.Collection<String>> configured;
    private final String instanceId;
    private final Clock clock;
    private Future<Group> latest;
    private Instant latestAt = Instant.EPOCH;

    GroupView(Vertx vertx, Admin admin, String groupId, String commandsTopic,
              java.util.function.Supplier<? extends java.util.Collection<String>> configuredPbxIds, String instanceId, Clock clock) {
        this.vertx = vertx;
        this.admin = admin;
        this.groupId = groupId;
        this.commandsTopic = commandsTopic;
        this.configured = configuredPbxIds;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** The group as last described (refreshed when older than {@link #MAX_AGE}); never fails. */
    synchronized Future<Group> current() {
        Instant now = clock.instant();
        if (latest == null || (latest.isComplete() && latestAt.plus(MAX_AGE).isBefore(now))) {
            latestAt = now;
            latest = describe();
        }
        return latest;
    }

    private Future<Group> describe() {
        var context = vertx.getOrCreateContext();
        Future<Integer> partitions = Future.fromCompletionStage(admin.describeTopics(List.of(commandsTopic))
                .allTopicNames().toCompletionStage(), context).map(t -> t.get(commandsTopic).partitions().size());
        Future<ConsumerGroupDescription> group = Future.fromCompletionStage(admin.describeConsumerGroups(List.of(groupId))
                .describedGroups().get(groupId).toCompletionStage(), context);
        return Future.all(partitions, group)
                .map(all -> group(group.result(), partitions.result()))
                .otherwise(e -> new Group(groupId, "unknown", List.of(), Set.of(), 0,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant()));
    }

    private Group group(ConsumerGroupDescription description, int numPartitions) {
        List<Member> members = new ArrayList<>();
        Set<String> claimed = new java.util.HashSet<>();
        PartitionOwnership ownership = new PartitionOwnership(configured.get());
        for (MemberDescription m : description.members()) {
            Set<Integer> held = new TreeSet<>();
            for (TopicPartition tp : m.assignment().topicPartitions()) {
                if (tp.topic().equals(commandsTopic)) {
                    held.add(tp.partition());
                }
            }
            String instance = m.clientId().startsWith(CommandConsumer.CLIENT_ID_PREFIX)
                    ? m.clientId().substring(CommandConsumer.CLIENT_ID_PREFIX.length()) : m.clientId();
            // The broker reports the member's address as InetAddress.toString(): "/10.0.0.7".
            String host = m.host().startsWith("/") ? m.host().substring(1) : m.host();
            Set<String> owned = ownership.owned(held, numPartitions);
            claimed.addAll(owned);
            members.add(new Member(instance, host, List.copyOf(held),
                    owned.stream().limit(NAMED_PBXES).toList(), instance.equals(instanceId), owned.size()));
        }
        members.sort(Comparator.comparing((Member m) -> !m.self()).thenComparing(Member::instance));
        return new Group(groupId, String.valueOf(description.groupState()).toLowerCase(java.util.Locale.ROOT),
                List.copyOf(members), Set.copyOf(claimed), numPartitions, null, clock.instant());
    }
}
