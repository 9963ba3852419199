package io.pbxbridge.bridge.tail;

import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.CodecException;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Follows bridge topics without joining a consumer group (it assigns every partition itself, so it
 * never disturbs the bridge's own consumers) and hands each record read to a visitor, in partition order.
 *
 * <p>It polls in ticks ({@link #TICK}) rather than keeping a fetch parked at the broker: a parked fetch
 * is answered at every append, so under load a tail cost the broker one fetch per produce request — as
 * much as the writes it followed. Each tick reads whatever arrived meanwhile in one fetch; a caller that
 * needs the records sooner asks for a {@link #pollSoon() poll now}.
 *
 * <p>A visitor that already holds some of the records (a {@link Holder}: an instance's own writes, from their
 * acknowledgements) has them skipped before they are fetched: each poll first asks the broker for the
 * partitions' ends and fetches only partitions with a record the holder lacks, from the first such record
 * ({@link ReadPlanner}): an instance does not fetch and parse every record it wrote just to skip it.
 */
public final class TopicTail {
    /** Pause between polls when the last one found little: the delay of a tail that is not hurried. */
    static final Duration TICK = Duration.ofMillis(50);
    /** How long one poll waits for a fetch answer: long enough for one round trip, short enough to stay responsive. */
    private static final Duration POLL_WAIT = Duration.ofMillis(20);
    private static final Duration API_TIMEOUT = Duration.ofSeconds(10);
    /** Records one poll may return; a full batch is followed by the next poll at once. */
    private static final int MAX_POLL_RECORDS = 2000;

    private final Vertx vertx;
    private final KafkaConsumer<String, byte[]> consumer;
    private final RecordCodec codec;
    private final Map<String, Class<? extends SpecificRecord>> types = new HashMap<>();
    private volatile Predicate<String> keys = key -> true;
    /** Written on the tail's context only. */
    private volatile long decoded;
    /** Records read (before any decoding), written on the tail's context only. */
    private volatile long read;
    /** Null unless the visitor holds records: then partitions are fetched only where it lacks one. */
    private ReadPlanner planner;
    private Set<TopicPartition> assigned = Set.of();
    private final Set<TopicPartition> paused = new HashSet<>();
    private Visitor visitor;
    private BooleanSupplier hurry = () -> false;
    private Consumer<String> errors = problem -> { };
    private Context context;
    private boolean polling;
    private boolean again;
    private long timer = -1;
    private volatile boolean closed;

    /** One record as read, before anything decodes it. */
    public final class Read {
        private final ConsumerRecord<String, byte[]> record;
        private final Class<? extends SpecificRecord> type;

        Read(ConsumerRecord<String, byte[]> record, Class<? extends SpecificRecord> type) {
            this.record = record;
            this.type = type;
        }

        public String topic() {
            return record.topic();
        }

        public int partition() {
            return record.partition();
        }

        public long offset() {
            return record.offset();
        }

        public String key() {
            return record.key();
        }

        /** The {@code ce_source} header; null when the record has none. */
        public String ceSource() {
            Header source = record.headers().lastHeader(CloudEventHeaders.SOURCE);
            return source == null ? null : new String(source.value(), StandardCharsets.UTF_8);
        }

        /** Decodes the value as its topic's record type; null for a tombstone or a topic without a type. */
        public SpecificRecord decode() throws CodecException {
            if (type == null || record.value() == null) {
                return null;
            }
            decoded++;
            return codec.decode(record.topic(), record.value(), type);
        }

        /** Where the record is, for messages. */
        public String where() {
            return record.topic() + "/" + record.partition() + "@" + record.offset();
        }
    }

    /**
     * What a visitor already holds of the followed partitions; asked on the tail's context before each poll
     * (implementations are shared with other threads and must be thread-safe).
     */
    public interface Holder {
        /**
         * The first offset of the partition the holder lacks: it holds (or gave up) every record before it; -1:
         * it holds nothing of this partition (read all of it).
         */
        long firstLacking(String topic, int partition);

        /** True when the holder waits for a record of this partition now: fetch it at once. */
        boolean waitingIn(String topic, int partition);
    }

    /** Told of every record read, on the tail's context, in partition order. */
    public interface Visitor {
        void read(Read record);

        /** Once, before the first record: where reading starts in each partition (the next offset to read). */
        default void positions(Map<String, Map<Integer, Long>> next) {
        }
    }

    public TopicTail(Vertx vertx, Map<String, Object> clientProperties, RecordCodec codec) {
        Map<String, String> config = new HashMap<>();
        clientProperties.forEach((k, v) -> config.put(k, String.valueOf(v)));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "pbx-bridge-tail");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(MAX_POLL_RECORDS));
        // A call to a broker that is away (end offsets before a poll) holds the consumer's thread this long at
        // most, not the default minute: closing the tail waits behind it.
        config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(API_TIMEOUT.toMillis()));
        this.vertx = vertx;
        this.consumer = KafkaConsumer.create(vertx, config, new StringDeserializer(), new ByteArrayDeserializer());
        this.codec = codec;
    }

    /**
     * Skips records by key before decoding them (a null key always passes); call before {@link #start}.
     * Cheaper than the record filter when most records are of no interest.
     */
    public TopicTail onlyKeys(Predicate<String> keys) {
        this.keys = keys;
        return this;
    }

    /**
     * @param topics        full topic names with the bridge topic each is (for the record type)
     * @param fromBeginning read history too, or only what arrives from now on
     * @param filter        which records to pass on
     * @param sink          receives the matching records
     * @param errors        told of records that cannot be decoded
     */
    public Future<Void> start(Map<String, BridgeTopic> topics, boolean fromBeginning, Predicate<SpecificRecord> filter,
                              Consumer<SpecificRecord> sink, Consumer<String> errors) {
        return start(topics, fromBeginning, source -> true, filter, sink, errors);
    }

    /**
     * @param sources which records to decode at all, by their {@code ce_source} header (a record without
     *                one is decoded): deciding before decoding keeps the cost of skipped records low
     */
    public Future<Void> start(Map<String, BridgeTopic> topics, boolean fromBeginning, Predicate<String> sources,
                              Predicate<SpecificRecord> filter, Consumer<SpecificRecord> sink, Consumer<String> errors) {
        return start(topics, fromBeginning, read -> {
            if (read.key() != null && !keys.test(read.key())) {
                return;
            }
            String source = read.ceSource();
            if (source != null && !sources.test(source)) {
                return;
            }
            try {
                SpecificRecord value = read.decode();
                if (value != null && filter.test(value)) {
                    sink.accept(value);
                }
            } catch (CodecException e) {
                errors.accept(read.where() + ": " + e.getMessage());
            }
        }, () -> false, errors);
    }

    /**
     * The general form: every record read goes to {@code visitor}, which decides what to decode.
     *
     * @param hurry asked after each poll: true to poll again at once instead of after a tick
     */
    public Future<Void> start(Map<String, BridgeTopic> topics, boolean fromBeginning, Visitor visitor,
                              BooleanSupplier hurry, Consumer<String> errors) {
        return start(topics, fromBeginning, visitor, null, hurry, errors);
    }

    /**
     * @param holder what the visitor already holds: records before its {@link Holder#firstLacking} are skipped
     *               unread; null: read everything
     */
    public Future<Void> start(Map<String, BridgeTopic> topics, boolean fromBeginning, Visitor visitor, Holder holder,
                              BooleanSupplier hurry, Consumer<String> errors) {
        topics.forEach((name, topic) -> {
            List<Schema> schemas = SchemaCatalog.schemasFor(topic);
            if (!schemas.isEmpty()) {
                types.put(name, specificClass(schemas.get(0)));
            }
        });
        this.visitor = visitor;
        this.hurry = hurry;
        this.errors = errors;
        this.context = vertx.getOrCreateContext();
        this.planner = holder == null ? null : new ReadPlanner(holder, TICK.toNanos());
        consumer.exceptionHandler(e -> {
            if (!closed) { // a call cut short by close() is no problem of the topics
                errors.accept("consumer: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            }
        });
        return Future.all(topics.keySet().stream().map(consumer::partitionsFor).toList()).compose(all -> {
            Set<TopicPartition> partitions = new HashSet<>();
            for (int i = 0; i < all.size(); i++) {
                List<io.vertx.kafka.client.common.PartitionInfo> infos = all.resultAt(i);
                infos.forEach(p -> partitions.add(new TopicPartition(p.getTopic(), p.getPartition())));
            }
            assigned = Set.copyOf(partitions);
            return consumer.assign(partitions)
                    .compose(v -> fromBeginning ? consumer.seekToBeginning(partitions) : consumer.seekToEnd(partitions))
                    .compose(v -> positions(partitions));
        }).onSuccess(next -> onTail(() -> {
            visitor.positions(next);
            if (planner != null) {
                Map<TopicPartition, Long> positions = new HashMap<>();
                next.forEach((topic, byPartition) -> byPartition.forEach((p, offset) ->
                        positions.put(new TopicPartition(topic, p), offset)));
                planner.start(positions, System.nanoTime());
            }
            poll();
        })).onFailure(e -> errors.accept("cannot start: " + e.getMessage())).mapEmpty();
    }

    private Future<Map<String, Map<Integer, Long>>> positions(Set<TopicPartition> partitions) {
        List<TopicPartition> ordered = new ArrayList<>(partitions);
        return Future.all(ordered.stream().map(consumer::position).toList()).map(all -> {
            Map<String, Map<Integer, Long>> next = new HashMap<>();
            for (int i = 0; i < ordered.size(); i++) {
                TopicPartition tp = ordered.get(i);
                next.computeIfAbsent(tp.getTopic(), t -> new HashMap<>()).put(tp.getPartition(), all.resultAt(i));
            }
            return next;
        });
    }

    /** Polls as soon as the poll under way (if any) is done, instead of at the next tick. Any thread. */
    public void pollSoon() {
        Context c = context;
        if (c != null && !closed) {
            onTail(() -> {
                if (polling) {
                    again = true;
                } else if (timer >= 0 && vertx.cancelTimer(timer)) {
                    timer = -1;
                    poll();
                }
            });
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        polling = true;
        again = false;
        Future<KafkaConsumerRecords<String, byte[]>> polled = planner == null ? consumer.poll(POLL_WAIT)
                : planReads().compose(any -> any ? consumer.poll(POLL_WAIT) : Future.succeededFuture(null));
        polled.onComplete(ar -> onTail(() -> polled(ar)));
    }

    /** Seeks past what the holder has and pauses what holds nothing for it; true when something is to be read. */
    private Future<Boolean> planReads() {
        return consumer.endOffsets(assigned).compose(ends -> {
            ReadPlanner.Plan plan = planner.plan(ends, System.nanoTime());
            List<Future<Void>> steps = new ArrayList<>();
            plan.seeks().forEach((partition, offset) -> steps.add(consumer.seek(partition, offset)));
            Set<TopicPartition> pause = new HashSet<>(plan.idle());
            pause.removeAll(paused);
            Set<TopicPartition> resume = new HashSet<>(plan.read());
            resume.retainAll(paused);
            if (!pause.isEmpty()) {
                steps.add(consumer.pause(pause));
            }
            if (!resume.isEmpty()) {
                steps.add(consumer.resume(resume));
            }
            return Future.all(steps).map(v -> {
                // Noted once done: a resume that failed must be tried again, not be taken for done.
                paused.addAll(pause);
                paused.removeAll(resume);
                return !plan.read().isEmpty();
            });
        });
    }

    private void polled(AsyncResult<KafkaConsumerRecords<String, byte[]>> ar) {
        polling = false;
        int count = 0;
        if (ar.succeeded() && ar.result() != null) {
            for (ConsumerRecord<String, byte[]> record : ar.result().records()) {
                count++;
                read++;
                if (planner != null) {
                    planner.read(new TopicPartition(record.topic(), record.partition()), record.offset());
                }
                try {
                    visitor.read(new Read(record, types.get(record.topic())));
                } catch (RuntimeException e) {
                    errors.accept(record.topic() + "/" + record.partition() + "@" + record.offset() + ": " + e);
                }
            }
        }
        if (closed) {
            return;
        }
        boolean hurried = ar.succeeded() && hurry.getAsBoolean();
        if (ar.succeeded() && (again || count >= MAX_POLL_RECORDS || (count > 0 && hurried))) {
            poll();
            return;
        }
        // Nothing new, or an error (a broker away): the next tick. A hurried tail that found nothing yet
        // tries again shortly (what it waits for is on its way).
        timer = vertx.setTimer(hurried ? 5 : TICK.toMillis(), id -> {
            timer = -1;
            poll();
        });
    }

    /** Runs on the tail's context (the consumer completes on the context it was created on, maybe another). */
    private void onTail(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    /** Records read so far (fetched and handed to the visitor, decoded or not). */
    public long recordsRead() {
        return read;
    }

    /** Records decoded so far. */
    public long decoded() {
        return decoded;
    }

    public Future<Void> close() {
        closed = true;
        Context c = context;
        if (c != null) {
            c.runOnContext(v -> {
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
            });
        }
        return consumer.close();
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> specificClass(Schema schema) {
        return (Class<? extends SpecificRecord>) SpecificData.get().getClass(schema);
    }
}
