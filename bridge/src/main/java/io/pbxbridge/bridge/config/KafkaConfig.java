package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;
import io.pbxbridge.schema.topic.BridgeTopic;

import java.nio.file.Path;
import java.util.List;
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
    static final Setting<String> BOOTSTRAP_SERVERS = Setting.of("bootstrap_servers", ConfigTypes.BOOTSTRAP_SERVERS)
            .withDefaultText("none → embedded broker").doc("`host:port[,host:port...]` of an existing cluster. When "
                    + "absent the bridge starts a single-node KRaft broker in-process.");
    static final Setting<Integer> EMBEDDED_PORT = Setting.of("embedded.port", ConfigTypes.port(false))
            .withDefault(9092).doc("Client port of the embedded broker, on localhost.");
    static final Setting<Path> EMBEDDED_DATA_DIR = Setting.of("embedded.data_dir", ValueType.path())
            .withDefault(Path.of("./pbx-bridge-data/kafka"))
            .doc("Log and metadata directory of the embedded broker; kept between runs.");
    static final Setting<String> TOPIC_PREFIX = Setting.of("topic_prefix", ConfigTypes.matching(
                    Pattern.compile("[A-Za-z0-9._-]{0,200}"), "may contain only letters, digits, '.', '_' and '-'"))
            .withDefault(BridgeTopic.DEFAULT_PREFIX).doc("Prepended to every topic name (letters, digits, `.`, `_`, `-`).");
    static final Setting<Integer> PARTITIONS = Setting.of("partitions", ValueType.integer(1, 10_000)).withDefault(6)
            .doc("Partitions of the topics the bridge creates (1–10000).");
    static final Setting<Integer> REPLICATION_FACTOR = Setting.of("replication_factor",
                    ValueType.integer(1, Integer.MAX_VALUE).and(r -> r <= Short.MAX_VALUE, r -> "must be at most " + Short.MAX_VALUE))
            .withDefaultText("broker default").doc("Replication of the topics the bridge creates. When absent, the "
                    + "broker's `default.replication.factor` applies (1 on the embedded broker). Set `3` on a "
                    + "production cluster.");
    static final Setting<Boolean> CREATE_TOPICS = Setting.of("create_topics", ValueType.bool()).withDefault(true)
            .doc("Create missing topics at start. When `false`, the bridge refuses to start if a topic is missing, "
                    + "naming it.");
    static final Setting<Map<String, String>> PRODUCER = Setting.of("producer", ConfigTypes.MAP).withDefaultText("`{}`")
            .doc("Producer property overrides (`linger.ms`, `compression.type`, ...). `acks` must stay `all` and "
                    + "`enable.idempotence` must stay `true`: reports are acknowledged to the PBX only once Kafka has them.");
    static final Setting<Map<String, String>> CONSUMER = Setting.of("consumer", ConfigTypes.MAP).withDefaultText("`{}`")
            .doc("Consumer property overrides (command consumer). Its group settings default to "
                    + "`session.timeout.ms` 10000 and `heartbeat.interval.ms` 1000: a crashed instance's PBXes move "
                    + "after 10 s (see [Commands](#commands), hand-over); a longer session timeout delays that.");
    static final Setting<Map<String, String>> SECURITY = Setting.of("security", ConfigTypes.MAP).withDefaultText("`{}`")
            .doc("Client security properties applied to every client (admin, producer, consumer): only "
                    + "`security.protocol`, `sasl.*` and `ssl.*`. Values that look like credentials are masked when printed.");

    static final List<Setting<?>> KEYS = List.of(BOOTSTRAP_SERVERS, EMBEDDED_PORT, EMBEDDED_DATA_DIR, TOPIC_PREFIX,
            PARTITIONS, REPLICATION_FACTOR, CREATE_TOPICS, PRODUCER, CONSUMER, SECURITY);

    /** Property names whose values are credentials; their values are masked when printed. */
    private static final Pattern SENSITIVE_KEY = Pattern.compile("(?i).*(password|secret|jaas|token|credential|key).*");

    public KafkaConfig {
        producer = producer == null ? Map.of() : Map.copyOf(producer);
        consumer = consumer == null ? Map.of() : Map.copyOf(consumer);
        security = security == null ? Map.of() : Map.copyOf(security);
    }

    static KafkaConfig read(ConfigSection in) {
        in.rejectUnknownKeys(KEYS, List.of());
        String bootstrap = in.get(BOOTSTRAP_SERVERS);
        EmbeddedKafkaConfig embedded = new EmbeddedKafkaConfig(in.get(EMBEDDED_PORT), in.get(EMBEDDED_DATA_DIR));
        String topicPrefix = in.get(TOPIC_PREFIX);
        int partitions = in.get(PARTITIONS);
        Integer replication = in.get(REPLICATION_FACTOR);
        boolean createTopics = in.get(CREATE_TOPICS);
        Map<String, String> producer = in.map(PRODUCER);
        String acks = producer.get("acks");
        if (acks != null && !acks.equals("all") && !acks.equals("-1")) {
            in.problem("producer.acks", "must be 'all': a report is acknowledged to the PBX only after every in-sync "
                    + "replica has it");
        }
        if ("false".equalsIgnoreCase(producer.get("enable.idempotence"))) {
            in.problem("producer.enable.idempotence", "must stay true: retries must not duplicate or reorder records");
        }
        Map<String, String> consumer = in.map(CONSUMER);
        Map<String, String> security = in.map(SECURITY);
        for (String key : security.keySet()) {
            if (!key.equals("security.protocol") && !key.startsWith("sasl.") && !key.startsWith("ssl.")) {
                in.problem("security." + key, "only security.protocol, sasl.* and ssl.* client properties belong here "
                        + "(other overrides go to kafka.producer or kafka.consumer)");
            }
        }
        return new KafkaConfig(bootstrap, embedded, topicPrefix, partitions,
                replication == null ? null : replication.shortValue(), createTopics, producer, consumer, security);
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
