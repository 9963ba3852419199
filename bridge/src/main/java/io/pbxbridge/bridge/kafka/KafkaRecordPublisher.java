package io.pbxbridge.bridge.kafka;

import io.pbxbridge.schema.codec.TrustedContractClasses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes normalized records to Kafka: Avro bytes from the {@link RecordCodec}, CloudEvents headers,
 * topic = prefix + the record's topic suffix. A {@link #publish} future completes only when Kafka has
 * acknowledged every record ({@code acks=all}, idempotent producer), so callers may acknowledge their
 * input (HTTP 200 to the PBX) exactly then.
 */
public final class KafkaRecordPublisher implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordPublisher.class);
    static final String METER_NAME = "pbx.bridge.kafka.records";

    private final KafkaProducer<String, byte[]> producer;
    private final String topicPrefix;
    private final RecordCodec codec;
    private final Counter sent;
    private final Counter failed;
    private volatile boolean closed;

    /**
     * @param producerConfig Kafka client properties: at least {@code bootstrap.servers}; any property here
     *                       overrides {@link #defaultProducerConfig()}, except {@code acks} and
     *                       {@code enable.idempotence}, which are always {@code all} and {@code true}
     * @param topicPrefix    e.g. {@code pbx.}
     * @param meters         receives the {@code pbx.bridge.kafka.records} counters (tag {@code outcome})
     */
    public KafkaRecordPublisher(Vertx vertx, Map<String, String> producerConfig, String topicPrefix,
                                RecordCodec codec, MeterRegistry meters) {
        if (!producerConfig.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("Kafka producer config needs " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        }
        TrustedContractClasses.install();
        this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.producer = KafkaProducer.create(vertx, effectiveConfig(producerConfig),
                new StringSerializer(), new ByteArraySerializer());
        // Every failure already fails its send future; without a handler Vert.x logs each one again as unhandled.
        this.producer.exceptionHandler(e -> LOG.debug("Kafka producer error (reported to the send future)", e));
        this.sent = Counter.builder(METER_NAME).tag("outcome", "sent")
                .description("Records Kafka acknowledged").register(meters);
        this.failed = Counter.builder(METER_NAME).tag("outcome", "failed")
                .description("Records Kafka did not acknowledge or that could not be encoded").register(meters);
    }

    /** Producer defaults: bounded waits so a Kafka outage fails a publish instead of hanging it. */
    public static Map<String, String> defaultProducerConfig() {
        Map<String, String> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "pbx-bridge");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        // send() blocks (on a Vert.x worker) while topic metadata is unknown: keep it bounded.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        return config;
    }

    private static Map<String, String> effectiveConfig(Map<String, String> producerConfig) {
        Map<String, String> config = defaultProducerConfig();
        config.putAll(producerConfig);
        String acks = config.put(ProducerConfig.ACKS_CONFIG, "all");
        String idempotence = config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        if ((acks != null && !acks.equals("all") && !acks.equals("-1"))
                || (idempotence != null && !idempotence.equals("true"))) {
            LOG.warn("Ignoring producer acks={} / enable.idempotence={}: the bridge acknowledges input only "
                    + "after every replica has the record", acks, idempotence);
        }
        return config;
    }

    /** Sends every record; the future succeeds when Kafka acknowledged all of them and fails otherwise. */
    @Override
    public Future<Void> publish(List<NormalizedRecord> records) {
        if (closed) {
            return Future.failedFuture(new PublishException("publisher is closed", null));
        }
        List<KafkaProducerRecord<String, byte[]>> outgoing = new ArrayList<>(records.size());
        try {
            for (NormalizedRecord record : records) {
                outgoing.add(toKafka(record));
            }
        } catch (RuntimeException e) {
            // Nothing has been sent yet: fail the whole batch so the caller can retry or dead-letter it.
            failed.increment(records.size());
            return Future.failedFuture(new PublishException("cannot encode record: " + e.getMessage(), e));
        }
        List<Future<Void>> acks = new ArrayList<>(outgoing.size());
        for (KafkaProducerRecord<String, byte[]> record : outgoing) {
            acks.add(sendCounted(record));
        }
        return Future.join(acks).<Void>mapEmpty().recover(e -> {
            long failures = acks.stream().filter(Future::failed).count();
            Throwable first = acks.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(e);
            return Future.failedFuture(new PublishException(failures + " of " + acks.size()
                    + " records not acknowledged by Kafka: " + first.getMessage(), first));
        });
    }

    /** Sends one raw record (dead letters, schemas); completes when Kafka acknowledged it. */
    public Future<Void> send(String topic, String key, byte[] value, Map<String, String> headers) {
        if (closed) {
            return Future.failedFuture(new PublishException("publisher is closed", null));
        }
        KafkaProducerRecord<String, byte[]> record = KafkaProducerRecord.create(topic, key, value);
        headers.forEach(record::addHeader);
        return sendCounted(record);
    }

    /** Completes when every record sent so far is acknowledged or failed. */
    public Future<Void> flush() {
        return producer.flush();
    }

    /** Flushes, then closes the producer; later publishes fail. */
    public Future<Void> close() {
        closed = true;
        return producer.flush().eventually(producer::close);
    }

    public long sentCount() {
        return (long) sent.count();
    }

    public long failedCount() {
        return (long) failed.count();
    }

    /** The wire topic name for a bridge topic. */
    public String topicName(BridgeTopic topic) {
        return topic.nameWith(topicPrefix);
    }

    private KafkaProducerRecord<String, byte[]> toKafka(NormalizedRecord record) {
        String topic = topicName(Objects.requireNonNull(record.topic(), "record topic"));
        byte[] value = codec.encode(topic, Objects.requireNonNull(record.value(), "record value"));
        Instant time = record.time() != null ? record.time() : Instant.now();
        return KafkaProducerRecord.<String, byte[]>create(topic, record.key(), value)
                .addHeader(CloudEventHeaders.ID, Objects.requireNonNull(record.eventId(), "record eventId"))
                .addHeader(CloudEventHeaders.SOURCE, CloudEventSource.of(record.value()))
                .addHeader(CloudEventHeaders.TYPE, Objects.requireNonNull(record.ceType(), "record ceType"))
                .addHeader(CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(time))
                .addHeader(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE)
                .addHeader(CloudEventHeaders.CONTENT_TYPE, codec.contentType());
    }

    private Future<Void> sendCounted(KafkaProducerRecord<String, byte[]> record) {
        return producer.send(record)
                .<Void>mapEmpty()
                .onSuccess(v -> sent.increment())
                .recover(e -> {
                    failed.increment();
                    return Future.failedFuture(new PublishException("topic " + record.topic() + ", key " + record.key()
                            + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e));
                });
    }
}
