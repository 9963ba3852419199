package io.pbxbridge.bridge.kafka;

import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates the bridge topics that are missing (compacted ones with {@code cleanup.policy=compact}),
 * leaves existing topics as they are, then verifies that every topic exists and that the leader of every
 * partition serves it. Asynchronous throughout:
 * Kafka admin futures are adapted to Vert.x futures, nothing waits on a thread.
 */
public final class TopicProvisioner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    /** A created topic may reach the broker's metadata cache a moment after the controller committed it. */
    private static final int VERIFY_ATTEMPTS = 20;
    private static final long VERIFY_BACKOFF_MS = 250;

    private final Vertx vertx;
    private final Admin admin;
    private final String bootstrapServers;
    private final String prefix;
    private final int partitions;
    private final Short replicationFactor;
    private final Duration timeout;

    /**
     * @param clientConfig      Kafka client properties, at least {@code bootstrap.servers} (plus security settings)
     * @param prefix            topic name prefix, e.g. {@code pbx.}
     * @param partitions        partitions of topics this provisioner creates
     * @param replicationFactor replication factor of topics this provisioner creates; null = the
     *                          broker's {@code default.replication.factor}
     * @param timeout           how long one admin call may take before it fails (unreachable broker)
     */
    public TopicProvisioner(Vertx vertx, Map<String, ?> clientConfig, String prefix, int partitions,
                            Short replicationFactor, Duration timeout) {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic partitions must be >= 1, was " + partitions);
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw new IllegalArgumentException("topic replication factor must be >= 1, was " + replicationFactor);
        }
        Object bootstrap = clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null) {
            throw new IllegalArgumentException("Kafka client config needs " + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        }
        this.vertx = vertx;
        this.bootstrapServers = bootstrap.toString();
        this.prefix = prefix;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
        Map<String, Object> config = new HashMap<>(clientConfig);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "pbx-bridge-topic-provisioner");
        this.admin = Admin.create(config);
    }

    /** Wire names of all bridge topics with this provisioner's prefix, in {@link BridgeTopic} order. */
    public List<String> topicNames() {
        return Arrays.stream(BridgeTopic.values()).map(t -> t.nameWith(prefix)).toList();
    }

    /** Creates missing topics and verifies all exist; fails with a {@link TopicProvisioningException}. */
    public Future<Void> provision() {
        Context context = vertx.getOrCreateContext();
        return missingTopics(context)
                .compose(missing -> createTopics(missing, context))
                .compose(v -> verify(context, VERIFY_ATTEMPTS));
    }

    /** True when every bridge topic exists (readiness); fails when Kafka cannot be asked. */
    public Future<Boolean> topicsExist() {
        return missingTopics(vertx.getOrCreateContext()).map(Set::isEmpty);
    }

    /** Bridge topics that do not exist yet. */
    public Future<Set<String>> missingTopics() {
        return missingTopics(vertx.getOrCreateContext());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    private Future<Set<String>> missingTopics(Context context) {
        ListTopicsOptions options = new ListTopicsOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return KafkaFutures.toVertx(admin.listTopics(options).names(), context)
                .recover(e -> Future.failedFuture(new TopicProvisioningException(
                        "cannot list Kafka topics: " + KafkaErrors.explain(e, bootstrapServers), e)))
                .map(existing -> {
                    Set<String> missing = new TreeSet<>(topicNames());
                    missing.removeAll(existing);
                    return missing;
                });
    }

    private Future<Void> createTopics(Set<String> missing, Context context) {
        if (missing.isEmpty()) {
            LOG.info("All {} bridge topics exist", topicNames().size());
            return Future.succeededFuture();
        }
        List<NewTopic> newTopics = new ArrayList<>();
        for (BridgeTopic topic : BridgeTopic.values()) {
            String name = topic.nameWith(prefix);
            if (missing.contains(name)) {
                NewTopic newTopic = new NewTopic(name, java.util.Optional.of(partitions),
                        java.util.Optional.ofNullable(replicationFactor));
                if (topic.compacted()) {
                    newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                newTopics.add(newTopic);
            }
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
        List<Future<Void>> created = new ArrayList<>();
        results.forEach((name, result) -> created.add(KafkaFutures.toVertx(result, context)
                .recover(e -> {
                    if (KafkaFutures.rootCause(e) instanceof TopicExistsException) {
                        return Future.succeededFuture(); // another bridge instance was quicker
                    }
                    return Future.failedFuture(new TopicProvisioningException("cannot create topic '" + name
                            + "' (partitions " + partitions + ", replication factor " + replicationFactor + "): "
                            + KafkaErrors.explain(e, bootstrapServers), e));
                })
                .onSuccess(v -> LOG.info("Created topic {} (partitions {}, replication factor {})",
                        name, partitions, replicationFactor == null ? "broker default" : replicationFactor))));
        return Future.join(created).<Void>mapEmpty().recover(e -> Future.failedFuture(firstFailure(created, e)));
    }

    /** Every topic must be visible to a broker with at least one partition; compaction mismatches are logged. */
    private Future<Void> verify(Context context, int attemptsLeft) {
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(topicNames()).topicNameValues();
        Map<String, Future<TopicDescription>> described = new LinkedHashMap<>();
        descriptions.forEach((name, f) -> described.put(name, KafkaFutures.toVertx(f, context)));
        return Future.join(new ArrayList<>(described.values())).transform(ignored -> {
            List<String> unknown = new ArrayList<>();
            for (Map.Entry<String, Future<TopicDescription>> e : described.entrySet()) {
                Future<TopicDescription> f = e.getValue();
                if (f.failed()) {
                    if (!(KafkaFutures.rootCause(f.cause()) instanceof UnknownTopicOrPartitionException)) {
                        return Future.failedFuture(new TopicProvisioningException("cannot verify topic '" + e.getKey()
                                + "': " + KafkaErrors.explain(f.cause(), bootstrapServers), f.cause()));
                    }
                    unknown.add(e.getKey());
                } else if (!hasLeaders(f.result())) {
                    unknown.add(e.getKey()); // created, but producers would get NOT_LEADER until leaders are elected
                }
            }
            if (!unknown.isEmpty()) {
                if (attemptsLeft <= 1) {
                    return Future.failedFuture(new TopicProvisioningException(
                            "topics still missing or without partition leaders after creation: " + unknown));
                }
                Promise<Void> retry = Promise.promise();
                vertx.setTimer(VERIFY_BACKOFF_MS, id -> verify(context, attemptsLeft - 1).onComplete(retry));
                return retry.future();
            }
            List<TopicPartition> all = new ArrayList<>();
            described.values().forEach(f -> f.result().partitions().forEach(p -> all.add(
                    new TopicPartition(f.result().name(), p.partition()))));
            return leadersServe(all, context, VERIFY_ATTEMPTS).compose(v -> checkCompaction(context));
        });
    }

    /**
     * Waits until the leader of every partition serves it. A broker names itself leader in its metadata a
     * moment before it has loaded a partition just created, and answers a produce request meanwhile with
     * NOT_LEADER_OR_FOLLOWER. With several requests in flight the first batch then failed while later ones
     * landed (the broker takes any first sequence from a producer it has no state for), and its retry was
     * refused as out of order until the delivery timeout. A ListOffsets request is served by the leader from
     * the loaded partition, as a produce request is: once every partition answers it, writes land in order.
     */
    private Future<Void> leadersServe(List<TopicPartition> partitions, Context context, int attemptsLeft) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        return KafkaFutures.toVertx(admin.listOffsets(latest).all(), context).<Void>mapEmpty().recover(e -> {
            if (!(KafkaFutures.rootCause(e) instanceof RetriableException) || attemptsLeft <= 1) {
                return Future.failedFuture(new TopicProvisioningException("partition leaders do not serve the bridge "
                        + "topics yet: " + KafkaErrors.explain(e, bootstrapServers), e));
            }
            Promise<Void> retry = Promise.promise();
            vertx.setTimer(VERIFY_BACKOFF_MS, id -> leadersServe(partitions, context, attemptsLeft - 1).onComplete(retry));
            return retry.future();
        });
    }

    private Future<Void> checkCompaction(Context context) {
        List<ConfigResource> compacted = Arrays.stream(BridgeTopic.values()).filter(BridgeTopic::compacted)
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.nameWith(prefix))).toList();
        return KafkaFutures.toVertx(admin.describeConfigs(compacted).all(), context)
                .recover(e -> Future.failedFuture(new TopicProvisioningException("cannot read topic configs of "
                        + compacted.stream().map(ConfigResource::name).toList() + ": "
                        + KafkaErrors.explain(e, bootstrapServers), e)))
                .map(configs -> {
                    configs.forEach(this::warnIfNotCompacted);
                    return null;
                });
    }

    /** An existing topic is the operator's choice: say it loses the latest-state semantics, but go on. */
    private void warnIfNotCompacted(ConfigResource resource, Config config) {
        var policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            LOG.warn("Topic {} should be compacted but has cleanup.policy={}", resource.name(),
                    policy == null ? "(unknown)" : policy.value());
        }
    }

    private static boolean hasLeaders(TopicDescription description) {
        return description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private static Throwable firstFailure(List<Future<Void>> futures, Throwable fallback) {
        return futures.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(fallback);
    }
}
