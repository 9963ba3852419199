package io.pbxbridge.bridge.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka connection and topic settings.
 *
 * @param bootstrapServers  external cluster, or null to start the embedded broker
 * @param embedded          settings of the embedded broker (used only when bootstrapServers is null)
 * @param topicPrefix       prepended to every topic suffix, default {@code pbx.}
 * @param partitions        partitions of topics the bridge creates
 * @param replicationFactor replication of topics the bridge creates; null = the broker's
 *                          {@code default.replication.factor} (1 on the embedded broker)
 * @param createTopics      create missing topics at start
 * @param producer          producer property overrides
 * @param consumer          consumer property overrides
 * @param security          client security properties ({@code security.protocol}, {@code sasl.*},
 *                          {@code ssl.*}) applied to every client: admin, producer and consumer
 */
public record KafkaConfig(String bootstrapServers, EmbeddedKafkaConfig embedded, String topicPrefix,
                          int partitions, Short replicationFactor, boolean createTopics,
                          Map<String, String> producer, Map<String, String> consumer,
                          Map<String, String> security) {
    public static final String DEFAULT_TOPIC_PREFIX = "pbx.";
    public static final int DEFAULT_PARTITIONS = 6;

    /** Property names whose values are credentials; their values are masked when printed. */
    private static final Pattern SENSITIVE_KEY = Pattern.compile("(?i).*(password|secret|jaas|token|credential|key).*");

    public KafkaConfig {
        producer = producer == null ? Map.of() : Map.copyOf(producer);
        consumer = consumer == null ? Map.of() : Map.copyOf(consumer);
        security = security == null ? Map.of() : Map.copyOf(security);
    }

    public boolean embeddedBroker() {
        return bootstrapServers == null;
    }

    public Optional<Short> replicationFactorOrBrokerDefault() {
        return Optional.ofNullable(replicationFactor);
    }

    /** Client properties shared by admin, producer and consumer: bootstrap plus security. */
    public Map<String, Object> commonClientProperties(String effectiveBootstrapServers) {
        Map<String, Object> props = new TreeMap<>(security);
        props.put("bootstrap.servers", effectiveBootstrapServers);
        return props;
    }

    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + (bootstrapServers == null ? "<embedded>" : bootstrapServers)
                + ", embedded=" + embedded + ", topicPrefix=" + topicPrefix + ", partitions=" + partitions
                + ", replicationFactor=" + (replicationFactor == null ? "<broker default>" : replicationFactor)
                + ", createTopics=" + createTopics + ", producer=" + masked(producer)
                + ", consumer=" + masked(consumer) + ", security=" + masked(security) + "]";
    }

    static Map<String, String> masked(Map<String, String> props) {
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, v) -> out.put(k, isSensitive(k) ? "******" : v));
        return out;
    }

    static boolean isSensitive(String propertyName) {
        // "key.serializer" is not a credential; "ssl.key.password" and "ssl.keystore.key" are.
        return SENSITIVE_KEY.matcher(propertyName).matches() && !propertyName.endsWith(".serializer")
                && !propertyName.endsWith(".deserializer");
    }
}
