package io.pbxbridge.bridge.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.bridge.config.CodecConfig;
import io.pbxbridge.bridge.config.CodecFormat;
import io.pbxbridge.bridge.config.KafkaConfig;
import io.pbxbridge.schema.codec.ConfluentCodec;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.pbxbridge.schema.codec.SchemaRegistryClient;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything Kafka the bridge runs on: the embedded broker when none is configured, the topics, the
 * codec and the producer. Started once, in order: broker → topics → codec → producer → schemas.
 */
public final class KafkaRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRuntime.class);
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(20);

    private final Vertx vertx;
    private final KafkaConfig config;
    private final EmbeddedKafka embedded;
    private final String bootstrap;
    private final RecordCodec codec;
    private final KafkaRecordPublisher publisher;
    private final KafkaWritability writability;

    private KafkaRuntime(Vertx vertx, KafkaConfig config, EmbeddedKafka embedded, String bootstrap, RecordCodec codec,
                         KafkaRecordPublisher publisher, KafkaWritability writability) {
        this.writability = writability;
        this.vertx = vertx;
        this.config = config;
        this.embedded = embedded;
        this.bootstrap = bootstrap;
        this.codec = codec;
        this.publisher = publisher;
    }

    /** Brings Kafka up; fails with a message naming what is wrong (unreachable, missing topics, registry). */
    public static Future<KafkaRuntime> start(Vertx vertx, KafkaConfig kafka, CodecConfig codecConfig,
                                             MeterRegistry registry) {
        Future<EmbeddedKafka> broker = kafka.embeddedBroker()
                ? vertx.executeBlocking(() -> {
                    EmbeddedKafka k = EmbeddedKafka.start(kafka.embedded().dataDir(), kafka.embedded().port());
                    LOG.info("Embedded Kafka listening on {}, data in {}", k.bootstrapServers(),
                            k.dataDir().toAbsolutePath().normalize());
                    return k;
                }, false)
                : Future.succeededFuture(null);
        return broker.compose(embedded -> {
            String bootstrap = embedded != null ? embedded.bootstrapServers() : kafka.bootstrapServers();
            Map<String, Object> clientProps = kafka.commonClientProperties(bootstrap);
            return ensureTopics(vertx, kafka, clientProps)
                    .compose(v -> codec(vertx, codecConfig, kafka.topicPrefix()))
                    .compose(codec -> {
                        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, producerConfig(kafka, clientProps),
                                kafka.topicPrefix(), codec, registry);
                        SchemaPublisher schemas = new SchemaPublisher(publisher, kafka.topicPrefix());
                        KafkaWritability writability = new KafkaWritability(vertx, schemas::probe, registry);
                        publisher.reportTo(writability);
                        KafkaRuntime runtime = new KafkaRuntime(vertx, kafka, embedded, bootstrap, codec, publisher,
                                writability);
                        List<String> topics = java.util.Arrays.stream(BridgeTopic.values())
                                .map(t -> t.nameWith(kafka.topicPrefix())).toList();
                        return publisher.warmUp(topics)
                                .compose(v -> schemas.publishAll())
                                .map(v -> runtime)
                                .recover(e -> runtime.close().compose(x -> Future.failedFuture(e)));
                    })
                    .recover(e -> embedded == null ? Future.failedFuture(e)
                            : vertx.executeBlocking(() -> {
                                embedded.close();
                                return null;
                            }, false).compose(x -> Future.failedFuture(e)));
        });
    }

    private static Future<Void> ensureTopics(Vertx vertx, KafkaConfig kafka, Map<String, Object> clientProps) {
        TopicProvisioner provisioner = new TopicProvisioner(vertx, clientProps, kafka.topicPrefix(), kafka.partitions(),
                kafka.replicationFactor(), ADMIN_TIMEOUT);
        Future<Void> result = kafka.createTopics() ? provisioner.provision()
                : provisioner.missingTopics().compose(missing -> missing.isEmpty() ? Future.succeededFuture()
                        : Future.failedFuture(new TopicProvisioningException("bridge topics missing: " + missing
                                + " (create them, or set kafka.create_topics: true)")));
        return result.eventually(() -> vertx.executeBlocking(() -> {
            provisioner.close();
            return null;
        }, false));
    }

    private static Future<RecordCodec> codec(Vertx vertx, CodecConfig codec, String prefix) {
        if (codec.format() != CodecFormat.CONFLUENT) {
            return Future.succeededFuture(new SingleObjectCodec());
        }
        // Registering is blocking HTTP: do it once here so encoding never waits on the registry.
        return vertx.executeBlocking(() -> {
            SchemaRegistryClient.Builder builder = SchemaRegistryClient.builder(codec.registryUrl());
            if (codec.registryUsername() != null) {
                builder.basicAuth(codec.registryUsername(), codec.registryPassword().reveal().toCharArray());
            }
            SchemaRegistryClient client = builder.build();
            Map<String, Schema> byTopic = new LinkedHashMap<>();
            for (BridgeTopic topic : BridgeTopic.values()) {
                List<Schema> schemas = SchemaCatalog.schemasFor(topic);
                if (!schemas.isEmpty()) {
                    byTopic.put(topic.nameWith(prefix), schemas.get(0));
                }
            }
            client.registerAll(byTopic);
            LOG.info("Registered {} value schemas with the schema registry", byTopic.size());
            return (RecordCodec) new ConfluentCodec(client, false);
        }, false);
    }

    private static Map<String, String> producerConfig(KafkaConfig kafka, Map<String, Object> clientProps) {
        Map<String, String> producer = new HashMap<>(KafkaRecordPublisher.defaultProducerConfig());
        clientProps.forEach((k, v) -> producer.put(k, String.valueOf(v)));
        producer.putAll(kafka.producer());
        return producer;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public boolean embedded() {
        return embedded != null;
    }

    public RecordCodec codec() {
        return codec;
    }

    public KafkaRecordPublisher publisher() {
        return publisher;
    }

    /** Whether Kafka takes writes now, as the publisher's writes and probes tell. */
    public KafkaWritability writability() {
        return writability;
    }

    /** Client properties (bootstrap plus security) for further admin or consumer clients. */
    public Map<String, Object> clientProperties() {
        return config.commonClientProperties(bootstrap);
    }

    public String topic(BridgeTopic topic) {
        return topic.nameWith(config.topicPrefix());
    }

    /** Flushes and closes the producer, then stops the embedded broker. */
    public Future<Void> close() {
        writability.close();
        return publisher.flush().recover(e -> Future.succeededFuture())
                .compose(v -> publisher.close().recover(e -> Future.succeededFuture()))
                .compose(v -> embedded == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
                    embedded.close();
                    return null;
                }, false));
    }
}
