package io.pbxbridge.bridge.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.UnencodableRecordException;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.CodecException;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.codec.TrustedContractClasses;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes normalized records to Kafka: Avro bytes from the {@link RecordCodec}, CloudEvents headers,
 * topic = prefix + the record's topic suffix. A {@link #publish} future completes only when Kafka has
 * acknowledged every record ({@code acks=all}, idempotent producer), so callers may acknowledge their
 * input (HTTP 200 to the PBX) exactly then.
 *
 * <p>Records go straight to the native Kafka producer from the caller's thread (its {@code send} only
 * appends to a batch); the producer's I/O thread acknowledges them and the future completes back on the
 * caller's Vert.x context, one hop per {@link #publish} call, not per record. {@code send} may block in
 * two cases, neither allowed on an event loop: topic metadata not known yet (first send to a topic, so
 * a topic is sent to from a dedicated thread, in call order, until Kafka has acknowledged a record of it —
 * {@link #warmUp} does this at start), and a full producer buffer ({@link OutstandingBytes} refuses a
 * publish before that). Publishes from one thread reach Kafka in the order they were made.
 */
public final class KafkaRecordPublisher implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordPublisher.class);
    static final String METER_NAME = "pbx.bridge.kafka.records";

    private final Vertx vertx;
    private final KafkaProducer<String, byte[]> producer;
    private final String topicPrefix;
    /** Made once: joining prefix and suffix for every record was a tenth of encoding one. */
    private final Map<BridgeTopic, String> topicNames = new java.util.EnumMap<>(BridgeTopic.class);
    private final RecordCodec codec;
    private final byte[] contentType;
    private final Counter sent;
    private final Counter failed;
    private final OutstandingBytes outstanding;
    /** Topics whose metadata the producer holds: a send to them does not wait. */
    private final Set<String> warm = ConcurrentHashMap.newKeySet();
    /**
     * Sends that may wait for metadata, one at a time in call order, off the event loops; while any is
     * queued, every publish takes this way, so publishes from one thread reach Kafka in order.
     */
    private final ExecutorService coldSender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pbx-bridge-producer-metadata");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger coldSends = new AtomicInteger();
    /** Told of every acknowledged record (the report follower's hand-over, the status page). */
    private final List<Acknowledged> acknowledged = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    /** Told of every write's outcome, so the ingress can refuse at once while Kafka does not take writes. */
    private volatile KafkaWritability writability;

    /** Told of every record Kafka acknowledged, on the producer's I/O thread: keep it short and non-blocking. */
    public interface Acknowledged {
        /** @param record what was published; null for a raw {@link #send} */
        void acknowledged(String topic, int partition, long offset, NormalizedRecord record);
    }

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
        this.vertx = vertx;
        this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
        for (BridgeTopic topic : BridgeTopic.values()) {
            topicNames.put(topic, topic.nameWith(topicPrefix));
        }
        this.codec = Objects.requireNonNull(codec, "codec");
        this.contentType = codec.contentType().getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = new HashMap<>(effectiveConfig(producerConfig));
        this.outstanding = OutstandingBytes.forBufferMemory(config.get(ProducerConfig.BUFFER_MEMORY_CONFIG));
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.sent = Counter.builder(METER_NAME).tag("outcome", "sent")
                .description("Records Kafka acknowledged").register(meters);
        this.failed = Counter.builder(METER_NAME).tag("outcome", "failed")
                .description("Records Kafka did not acknowledge or that could not be encoded").register(meters);
    }

    /**
     * Producer defaults: bounded waits so a Kafka outage fails a publish instead of hanging it, and no
     * linger: a lone report is sent at once, while records arriving as a request is in flight share the
     * next batch (see BENCHMARKS.md for the measurements).
     */
    public static Map<String, String> defaultProducerConfig() {
        Map<String, String> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "pbx-bridge");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        // send() blocks while topic metadata is unknown (only ever on a worker here): keep it bounded.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        // One produce request at a time: records arriving meanwhile form the next, larger batch (batching
        // without a timer), and a retried batch can never be overtaken. 5 in flight is safe too since the
        // provisioner waits for every partition's leader (FreshTopicInFlightTest), but measured no faster.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        // The bridge writes a fixed handful of topics: never let one go cold (a send would wait for metadata).
        config.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, String.valueOf(Duration.ofDays(365).toMillis()));
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

    /** Adds a listener told of every acknowledged record (e.g. the report follower's, the status page's). */
    public void onAcknowledged(Acknowledged listener) {
        acknowledged.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Fetches the metadata of the given topics on a worker, so the first records sent to them do not
     * wait for it. Best effort: a topic that fails here is warmed by its first send instead.
     */
    public Future<Void> warmUp(Collection<String> topics) {
        return vertx.executeBlocking(() -> {
            for (String topic : topics) {
                try {
                    producer.partitionsFor(topic);
                    warm.add(topic);
                } catch (RuntimeException e) {
                    LOG.debug("No metadata for {} yet: {}", topic, e.toString());
                }
            }
            return null;
        }, false);
    }

    /**
     * Sends every record; the future succeeds when Kafka acknowledged all of them, fails with an
     * {@link UnencodableRecordException} (nothing sent) when one does not fit its schema, with a
     * {@link PublishException} when Kafka did not take them.
     */
    @Override
    public Future<Void> publish(List<NormalizedRecord> records) {
        if (closed) {
            return Future.failedFuture(new PublishException("publisher is closed", null));
        }
        List<ProducerRecord<String, byte[]>> outgoing = new ArrayList<>(records.size());
        try {
            for (NormalizedRecord record : records) {
                outgoing.add(toKafka(record));
            }
        } catch (RuntimeException e) {
            // Nothing has been sent yet. Permanent (the same records fail again): the caller dead-letters its input
            // instead of having it re-sent forever.
            failed.increment(records.size());
            String why = "cannot encode record: " + (e instanceof CodecException ? e.getMessage() : e.toString());
            return Future.failedFuture(permanent(e) ? new UnencodableRecordException(why, e) : new PublishException(why, e));
        }
        return sendAll(outgoing, records, true);
    }

    /**
     * Whether an encoding failure repeats whatever is retried: a record that does not fit its schema (the Avro
     * writer's own exception, wrapped by the codec, or a record missing its topic or id). A schema registry that
     * cannot be reached (Confluent framing) fails with an I/O cause or a status, and is worth retrying.
     */
    private static boolean permanent(RuntimeException e) {
        return !(e instanceof CodecException) || e.getCause() instanceof RuntimeException;
    }

    /** Sends one raw record (dead letters, schemas); completes when Kafka acknowledged it. */
    public Future<Void> send(String topic, String key, byte[] value, Map<String, String> headers) {
        if (closed) {
            return Future.failedFuture(new PublishException("publisher is closed", null));
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        return sendAll(List.of(record), null, false);
    }

    /** Completes when every record sent so far is acknowledged or failed. */
    public Future<Void> flush() {
        return vertx.executeBlocking(() -> {
            producer.flush();
            return null;
        }, false);
    }

    /** Flushes, then closes the producer; later publishes fail. */
    public Future<Void> close() {
        closed = true;
        return flush().eventually(() -> vertx.executeBlocking(() -> {
            coldSender.shutdown();
            producer.close(Duration.ofSeconds(5));
            return null;
        }, false));
    }

    /** Reports every acknowledged write and every write Kafka failed (not the record) to {@code writability}. */
    public void reportTo(KafkaWritability writability) {
        this.writability = writability;
    }

    public long sentCount() {
        return (long) sent.count();
    }

    public long failedCount() {
        return (long) failed.count();
    }

    /** The wire topic name for a bridge topic. */
    public String topicName(BridgeTopic topic) {
        return topicNames.get(topic);
    }

    private ProducerRecord<String, byte[]> toKafka(NormalizedRecord record) {
        String topic = topicName(Objects.requireNonNull(record.topic(), "record topic"));
        byte[] value = codec.encode(topic, Objects.requireNonNull(record.value(), "record value"));
        Instant time = record.time() != null ? record.time() : Instant.now();
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, record.key(), value);
        out.headers()
                .add(header(CloudEventHeaders.ID, Objects.requireNonNull(record.eventId(), "record eventId")))
                .add(header(CloudEventHeaders.SOURCE, CloudEventSource.of(record.value())))
                .add(header(CloudEventHeaders.TYPE, Objects.requireNonNull(record.ceType(), "record ceType")))
                .add(new RecordHeader(CloudEventHeaders.TIME, CeTime.of(time)))
                .add(new RecordHeader(CloudEventHeaders.SPEC_VERSION, SPEC_VERSION))
                .add(new RecordHeader(CloudEventHeaders.CONTENT_TYPE, contentType));
        return out;
    }

    private static final byte[] SPEC_VERSION = CloudEventHeaders.SPEC_VERSION_VALUE.getBytes(StandardCharsets.UTF_8);

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Hands the records to the producer — on this thread when it cannot block, else on the ordered sender
     * thread — and completes on the caller's context once every one is acknowledged or failed.
     */
    private Future<Void> sendAll(List<ProducerRecord<String, byte[]>> records, List<NormalizedRecord> sources,
                                 boolean summarize) {
        if (records.isEmpty()) {
            return Future.succeededFuture();
        }
        long bytes = OutstandingBytes.sizeOf(records);
        if (!outstanding.tryReserve(bytes)) {
            failed.increment(records.size());
            return Future.failedFuture(new PublishException("Kafka is not keeping up: " + outstanding.describe()
                    + " awaiting acknowledgement", null));
        }
        Context caller = vertx.getOrCreateContext();
        Promise<Void> done = Promise.promise();
        Acknowledgements acks = new Acknowledgements(records.size(), bytes, summarize, caller, done);
        // While Kafka is known down the client may have dropped its metadata (it re-bootstraps when no broker
        // answers), so any send may wait max.block.ms: none on the caller's thread then.
        KafkaWritability w = writability;
        boolean mayBlock = coldSends.get() > 0 || (w != null && w.down());
        for (int i = 0; i < records.size() && !mayBlock; i++) {
            mayBlock = !warm.contains(records.get(i).topic());
        }
        if (mayBlock) {
            // In the order of the calls: once one publish goes this way, later ones follow it until it is sent.
            coldSends.incrementAndGet();
            try {
                coldSender.execute(() -> {
                    try {
                        sendEach(records, sources, acks);
                    } finally {
                        coldSends.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException e) { // closed meanwhile
                coldSends.decrementAndGet();
                records.forEach(r -> {
                    failed.increment();
                    acks.failed(new PublishException("publisher is closed", e));
                });
            }
        } else {
            sendEach(records, sources, acks);
        }
        return done.future();
    }

    private void sendEach(List<ProducerRecord<String, byte[]>> records, List<NormalizedRecord> sources,
                          Acknowledgements acks) {
        for (int i = 0; i < records.size(); i++) {
            sendOne(records.get(i), sources == null ? null : sources.get(i), acks);
        }
    }

    private void sendOne(ProducerRecord<String, byte[]> record, NormalizedRecord source, Acknowledgements acks) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    warm.add(record.topic());
                    sent.increment();
                    tell(metadata, source);
                    acks.acked();
                    tellWritability(acks.sentAt, null);
                } else {
                    failed.increment();
                    tellWritability(acks.sentAt, error);
                    acks.failed(new PublishException("topic " + record.topic() + ", key " + record.key() + ": "
                            + error.getClass().getSimpleName() + ": " + error.getMessage(), error));
                }
            });
        } catch (RuntimeException e) {
            // e.g. the producer was closed meanwhile: no callback will come for this record.
            if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
                // No metadata for the topic any more (the client re-bootstraps when no broker answers): send() waited
                // max.block.ms. Later sends to it go through the metadata thread again, never blocking an event loop.
                warm.remove(record.topic());
            }
            failed.increment();
            tellWritability(acks.sentAt, e);
            acks.failed(new PublishException("topic " + record.topic() + ", key " + record.key() + ": "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e));
        }
    }

    private void tell(RecordMetadata metadata, NormalizedRecord source) {
        for (Acknowledged listener : acknowledged) {
            try {
                listener.acknowledged(metadata.topic(), metadata.partition(), metadata.offset(), source);
            } catch (RuntimeException e) {
                LOG.warn("Acknowledgement listener failed for {}-{}@{}", metadata.topic(), metadata.partition(),
                        metadata.offset(), e);
            }
        }
    }

    private void tellWritability(long sentAt, Exception error) {
        KafkaWritability w = writability;
        if (w == null) {
            return;
        }
        if (error == null) {
            w.acknowledged(sentAt);
        } else if (KafkaWritability.unavailable(error)) {
            w.failed(sentAt, error.getClass().getSimpleName() + ": " + error.getMessage());
        }
    }

    /** Counts the answers for one publish; the last one completes its future on the caller's context. */
    private final class Acknowledgements {
        private final int total;
        private final long bytes;
        private final boolean summarize;
        private final Context context;
        private final Promise<Void> done;
        /** When the records were handed over ({@link System#nanoTime()}). */
        final long sentAt = System.nanoTime();
        private int answered;
        private int failures;
        private PublishException first;

        Acknowledgements(int total, long bytes, boolean summarize, Context context, Promise<Void> done) {
            this.total = total;
            this.bytes = bytes;
            this.summarize = summarize;
            this.context = context;
            this.done = done;
        }

        void acked() {
            answer(null);
        }

        void failed(PublishException e) {
            answer(e);
        }

        private void answer(PublishException error) {
            boolean last;
            synchronized (this) {
                if (error != null && failures++ == 0) {
                    first = error;
                }
                last = ++answered == total;
            }
            if (!last) {
                return;
            }
            outstanding.release(bytes);
            if (failures == 0) {
                context.runOnContext(v -> done.complete());
            } else {
                PublishException e = !summarize ? first : new PublishException(failures + " of " + total
                        + " records not acknowledged by Kafka: " + first.getMessage(), first);
                context.runOnContext(v -> done.fail(e));
            }
        }
    }
}
