package io.pbxbridge.bridge.kafka;

import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithKafka
class TopicProvisionerTest {
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        Await.result(vertx.close());
    }

    @Test
    void createsEveryTopicWithPartitionsAndCleanupPolicyAndIsIdempotent(KafkaBroker kafka) throws Exception {
        String prefix = kafka.uniquePrefix("provision");
        try (TopicProvisioner provisioner = provisioner(kafka.clientConfig(), prefix, 3, (short) 1, Duration.ofSeconds(20));
             Admin admin = Admin.create(Map.<String, Object>copyOf(kafka.clientConfig()))) {
            assertThat(Await.result(provisioner.topicsExist())).isFalse();
            assertThat(Await.result(provisioner.missingTopics())).hasSize(BridgeTopic.values().length);

            Await.result(provisioner.provision());

            assertThat(Await.result(provisioner.topicsExist())).isTrue();
            assertTopics(admin, prefix, 3);
            // A second start finds everything in place and changes nothing.
            Await.result(provisioner.provision());
            assertTopics(admin, prefix, 3);
        }
    }

    @Test
    void leavesAnExistingTopicAsItIs(KafkaBroker kafka) throws Exception {
        String prefix = kafka.uniquePrefix("existing");
        String cdr = BridgeTopic.CDR.nameWith(prefix);
        kafka.createTopics(1, cdr);
        try (TopicProvisioner provisioner = provisioner(kafka.clientConfig(), prefix, 2, (short) 1, Duration.ofSeconds(20));
             Admin admin = Admin.create(Map.<String, Object>copyOf(kafka.clientConfig()))) {
            assertThat(Await.result(provisioner.missingTopics())).doesNotContain(cdr).hasSize(BridgeTopic.values().length - 1);

            Await.result(provisioner.provision());

            Map<String, TopicDescription> topics = admin.describeTopics(provisioner.topicNames()).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            assertThat(topics.get(cdr).partitions()).hasSize(1);
            assertThat(topics.get(BridgeTopic.CALL_EVENTS.nameWith(prefix)).partitions()).hasSize(2);
        }
    }

    @Test
    void replicationFactorAboveBrokerCountFailsNamingTheTopic(KafkaBroker kafka) {
        String prefix = kafka.uniquePrefix("rf");
        try (TopicProvisioner provisioner = provisioner(kafka.clientConfig(), prefix, 1, (short) 3, Duration.ofSeconds(20))) {
            assertThatThrownBy(() -> Await.result(provisioner.provision()))
                    .isInstanceOf(TopicProvisioningException.class)
                    .hasMessageContaining("cannot create topic '" + prefix)
                    .hasMessageContaining("replication factor 3")
                    .hasMessageContaining("InvalidReplicationFactorException");
            assertThat(Await.result(provisioner.topicsExist())).isFalse();
        }
    }

    @Test
    void unreachableBrokerFailsWithAClearMessage() throws Exception {
        String bootstrap = "localhost:" + unusedPort();
        try (TopicProvisioner provisioner = provisioner(Map.of("bootstrap.servers", bootstrap), "pbx.", 1, (short) 1,
                Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> Await.result(provisioner.provision()))
                    .isInstanceOf(TopicProvisioningException.class)
                    .hasMessageContaining("Kafka at " + bootstrap + " did not answer in time");
            assertThatThrownBy(() -> Await.result(provisioner.topicsExist()))
                    .isInstanceOf(TopicProvisioningException.class);
        }
    }

    private static TopicProvisioner provisioner(Map<String, String> config, String prefix, int partitions,
                                                short replicationFactor, Duration timeout) {
        return new TopicProvisioner(vertx, config, prefix, partitions, replicationFactor, timeout);
    }

    private static void assertTopics(Admin admin, String prefix, int partitions) throws Exception {
        List<String> names = java.util.Arrays.stream(BridgeTopic.values()).map(t -> t.nameWith(prefix)).toList();
        Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
        assertThat(topics).containsOnlyKeys(names);
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
        for (BridgeTopic topic : BridgeTopic.values()) {
            String name = topic.nameWith(prefix);
            assertThat(topics.get(name).partitions()).as(name).hasSize(partitions);
            String policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            assertThat(policy).as(name).isEqualTo(topic.compacted()
                    ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        }
    }

    static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
