package io.pbxbridge.bridge.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.List;
import java.util.Locale;

/**
 * Gives tests a real Kafka broker, started once per test JVM and stopped when the JVM's tests end
 * (stored in the root extension store, which closes it). The broker is Testcontainers
 * {@code apache/kafka} when Docker is available, otherwise Kafka's own in-process KRaft test kit. The
 * same tests run either way; none is skipped for lack of Docker.
 *
 * <p>System property {@code pbx.test.kafka}: {@code testcontainers} forces the container (fails without
 * Docker), {@code in-process} forces the test kit, anything else (default {@code auto}) detects Docker.
 * {@code pbx.test.kafka.image} overrides the image (default {@code apache/kafka:<client version>}).
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {
    public static final String MODE_PROPERTY = "pbx.test.kafka";
    public static final String IMAGE_PROPERTY = "pbx.test.kafka.image";
    public static final String TESTCONTAINERS = "testcontainers";
    public static final String IN_PROCESS = "in-process";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    /** The shared broker; starts it on first use. */
    public static KafkaBroker broker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KafkaBroker.class, k -> start(), KafkaBroker.class);
    }

    private static KafkaBroker start() {
        quietLogging();
        String mode = System.getProperty(MODE_PROPERTY, "auto").toLowerCase(Locale.ROOT);
        boolean container = switch (mode) {
            case TESTCONTAINERS -> true;
            case IN_PROCESS -> false;
            default -> dockerAvailable();
        };
        KafkaBroker broker = container ? startContainer() : startInProcess();
        LOG.info("Test Kafka broker started: {} (mode {})", broker, mode);
        return broker;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.info("Docker not usable ({}): using the in-process KRaft broker", e.toString());
            return false;
        }
    }

    private static KafkaBroker startContainer() {
        String image = System.getProperty(IMAGE_PROPERTY, "apache/kafka:" + AppInfoParser.getVersion());
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        kafka.start();
        return new KafkaBroker(TESTCONTAINERS + " " + image, kafka.getBootstrapServers(), kafka::stop);
    }

    private static KafkaBroker startInProcess() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit cluster = singleNode(new KafkaClusterTestKit.Builder(nodes)).build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(IN_PROCESS + "-kraft", cluster.bootstrapServers(), cluster);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process KRaft broker: " + e.getMessage(), e);
        }
    }

    /** Settings of a one-node test cluster: internal topics with one replica, no rebalance delay, no auto-created topics. */
    static KafkaClusterTestKit.Builder singleNode(KafkaClusterTestKit.Builder builder) {
        return builder.setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false");
    }

    /** Kafka logs every config at INFO (DEBUG without a logback file): keep test output readable. */
    private static void quietLogging() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger", "org.testcontainers",
                    "com.github.dockerjava", "tc")) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(Level.WARN);
                }
            }
        }
    }
}
