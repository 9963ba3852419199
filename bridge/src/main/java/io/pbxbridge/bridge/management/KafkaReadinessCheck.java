package io.pbxbridge.bridge.management;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Kafka is ready when the bridge's writes are not known to fail ({@code KafkaWritability}), the cluster answers and
 * every topic the bridge writes or reads exists.
 * Uses the Admin client's own I/O thread; results come back on the caller's Vert.x context.
 */
public final class KafkaReadinessCheck implements ReadinessCheck {
    private final Vertx vertx;
    private final Admin admin;
    private final Set<String> requiredTopics;
    private final int timeoutMs;
    private final Supplier<String> writesRefused;

    public KafkaReadinessCheck(Vertx vertx, Admin admin, Collection<String> requiredTopics, Duration timeout) {
        this(vertx, admin, requiredTopics, timeout, () -> null);
    }

    /** @param writesRefused why Kafka does not take the bridge's writes now (down even when the cluster answers); null while it does */
    public KafkaReadinessCheck(Vertx vertx, Admin admin, Collection<String> requiredTopics, Duration timeout,
                               Supplier<String> writesRefused) {
        this.writesRefused = writesRefused;
        this.vertx = vertx;
        this.admin = admin;
        this.requiredTopics = Set.copyOf(requiredTopics);
        this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Future<CheckResult> check() {
        String refused = writesRefused.get();
        if (refused != null) {
            return Future.succeededFuture(CheckResult.failing(refused));
        }
        Context context = vertx.getOrCreateContext();
        return Future.fromCompletionStage(admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                        .nodes().toCompletionStage(), context)
                .recover(e -> Future.failedFuture("Kafka not reachable: " + e.getMessage()))
                .compose(nodes -> {
                    if (nodes.isEmpty()) {
                        return Future.succeededFuture(CheckResult.failing("Kafka cluster reports no brokers"));
                    }
                    return Future.fromCompletionStage(admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs))
                            .names().toCompletionStage(), context).map(existing -> {
                                TreeSet<String> missing = new TreeSet<>(requiredTopics);
                                missing.removeAll(existing);
                                if (!missing.isEmpty()) {
                                    return CheckResult.failing("missing topics: " + String.join(", ", missing));
                                }
                                return CheckResult.passing(nodes.size() + " broker(s), "
                                        + requiredTopics.size() + " topics present");
                            });
                });
    }

    /** The topic names a bridge with this prefix needs. */
    public static List<String> bridgeTopics(String prefix) {
        return java.util.Arrays.stream(io.pbxbridge.schema.topic.BridgeTopic.values())
                .map(t -> t.nameWith(prefix)).toList();
    }
}
