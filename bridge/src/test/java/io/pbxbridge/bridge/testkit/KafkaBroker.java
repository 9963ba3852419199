package io.pbxbridge.bridge.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Kafka broker shared by the whole test JVM. Tests isolate themselves by topic names
 * ({@link #uniquePrefix}), never by restarting the broker.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final String kind;
    private final String bootstrapServers;
    private final AutoCloseable stopper;

    KafkaBroker(String kind, String bootstrapServers, AutoCloseable stopper) {
        this.kind = kind;
        this.bootstrapServers = bootstrapServers;
        this.stopper = stopper;
    }

    /** {@code testcontainers} or {@code in-process-kraft}. */
    public String kind() {
        return kind;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Client properties to reach the broker: {@code bootstrap.servers}. */
    public Map<String, String> clientConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /** A topic prefix no other test in this JVM uses, e.g. {@code t7.provisioner.}. */
    public String uniquePrefix(String hint) {
        return "t" + PREFIXES.incrementAndGet() + "." + hint + ".";
    }

    public void createTopics(String... names) {
        createTopics(1, names);
    }

    /**
     * Creates the topics (replication factor 1) and waits until the broker serves them: the controller confirms a
     * creation a moment before the broker's metadata names the topic, and a client asking in between (a CLI process
     * checking the topic exists) would be told it does not.
     */
    public void createTopics(int partitions, String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!served(admin, names)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("topics created but not served with a leader after 30 s");
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + Arrays.toString(names) + ": " + e.getMessage(), e);
        }
    }

    /** Whether the broker describes every topic with a leader for each partition. */
    private static boolean served(Admin admin, String... names) throws InterruptedException, TimeoutException {
        try {
            return admin.describeTopics(Arrays.asList(names)).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (ExecutionException e) {
            return false; // UnknownTopicOrPartition until the broker's metadata caught up
        }
    }

    public TestConsumer consumer() {
        return new TestConsumer(bootstrapServers);
    }

    /** Called by JUnit when the root extension store closes, after the last test of the JVM. */
    @Override
    public void close() {
        try {
            stopper.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return kind + " Kafka at " + bootstrapServers;
    }
}
