package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pbxbridge.bridge.config.ConfigException;
import io.pbxbridge.bridge.tail.EventLines;
import io.pbxbridge.schema.codec.AvroJson;
import io.pbxbridge.schema.codec.CodecException;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code tail TOPIC...}: follows bridge topics and prints every record decoded, as JSON lines or
 * human lines. Assigns partitions itself (no consumer group), so it never disturbs the bridge's own
 * consumers and commits nothing.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Consume bridge topics and print each record decoded, one JSON line per record:",
                "  {\"topic\":…,\"partition\":…,\"offset\":…,\"key\":…,\"headers\":{\"ce_id\":…},\"value\":<Avro JSON>}",
                "TOPIC is the full name (pbx.call-events) or the suffix (call-events); several may be given.",
                "Single-object fingerprints unknown to this version are resolved from the <prefix>schemas topic "
                        + "(read at start); Confluent framing uses the configured schema registry.",
                "A record that cannot be decoded prints one line on stderr and tailing continues. Ctrl-C stops.",
                "Exit: 0 done (Ctrl-C, --max or --timeout), 1 Kafka error, 2 bad arguments or configuration."},
        footer = {"", "Example:",
                "  pbx-bridge tail --config bridge.yaml --from-beginning \\",
                "      --pbx hq --type ringing call-events",
                "  pbx-bridge tail --bootstrap kafka:9092 --text call-events system",
                "  pbx-bridge tail --max 1 --timeout 10s --type session-up pbx.system"})
public final class TailCommand implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_KAFKA = 1;
    public static final int EXIT_BAD_INPUT = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Parameters(arity = "1..*", paramLabel = "TOPIC", description = "Topics to follow: full names or suffixes.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--from-beginning", description = "Print the history too, not only records that arrive from now on.")
    boolean fromBeginning;

    @Option(names = "--pbx", paramLabel = "ID", description = "Only records of this PBX id.")
    String pbx;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Only records of this type: CallEvent/PbxEvent type, CommandResult status or Command action; "
                    + "case-insensitive, dashes or underscores (ringing, session-up, PBX_ERROR).")
    String type;

    @Option(names = "--text", description = "Human-readable lines instead of JSON.")
    boolean text;

    @Option(names = "--max", paramLabel = "N", description = "Exit after N printed records.")
    Long max;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Exit after this long (500ms, 30s, 5m, PT1M); default: run until Ctrl-C.")
    Duration timeout;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean handleInterrupt;

    public TailCommand() {
        this(System.out, System.err, true);
        QuietKafkaLogs.apply(); // a real process: stderr is for our one-line errors
    }

    /** For tests and embedding: explicit streams; {@code handleInterrupt} installs the Ctrl-C hook. */
    public TailCommand(PrintStream out, PrintStream err, boolean handleInterrupt) {
        this.out = out;
        this.err = err;
        this.handleInterrupt = handleInterrupt;
    }

    @Override
    public Integer call() {
        if (max != null && max <= 0) {
            return badInput("--max must be positive, got " + max);
        }
        KafkaOptions.Target target;
        Map<String, BridgeTopic> names;
        try {
            target = kafka.resolve();
            names = TopicArguments.resolve(topics, target.prefix());
        } catch (ConfigException e) {
            return badInput("configuration error: " + oneLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            return badInput(e.getMessage());
        }
        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(target),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            Thread hook = handleInterrupt ? interruptHook(consumer, stopped, finished) : null;
            try {
                return follow(consumer, target, names, stopped);
            } finally {
                finished.countDown();
                removeHook(hook);
            }
        } catch (WakeupException e) {
            return EXIT_OK; // Ctrl-C while waiting for metadata
        } catch (KafkaException e) {
            err.println("tail: Kafka error on " + target.bootstrapServers() + ": " + oneLine(e.getMessage()));
            return EXIT_KAFKA;
        } catch (CodecException e) {
            err.println("tail: " + oneLine(e.getMessage()));
            return EXIT_KAFKA;
        }
    }

    private int follow(KafkaConsumer<String, byte[]> consumer, KafkaOptions.Target target,
                       Map<String, BridgeTopic> names, AtomicBoolean stopped) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Decoding decoding = new Decoding(target);
        if (target.singleObject()) {
            decoding.learn(consumer);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (String name : names.keySet()) {
            List<PartitionInfo> infos = consumer.partitionsFor(name, METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                err.println("tail: topic " + name + " does not exist on " + target.bootstrapServers());
                return EXIT_KAFKA;
            }
            infos.forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Seeks are lazy: resolve them now, so "from now on" means from this moment, not the first poll.
        partitions.forEach(consumer::position);
        long printed = 0;
        while (!stopped.get() && System.nanoTime() < deadline) {
            long waitMs = Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000));
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(waitMs))) {
                    if (print(record, names.get(record.topic()), decoding)) {
                        printed++;
                        if (max != null && printed >= max) {
                            return EXIT_OK;
                        }
                    }
                }
            } catch (WakeupException e) {
                break;
            }
        }
        return EXIT_OK;
    }

    /** @return whether the record passed the filters and was printed */
    private boolean print(ConsumerRecord<String, byte[]> record, BridgeTopic topic, Decoding decoding) {
        String where = record.topic() + "/" + record.partition() + "@" + record.offset();
        if (topic == BridgeTopic.SCHEMAS || record.value() == null) {
            // Schema JSON or a tombstone: no PBX, no type.
            if (pbx != null || type != null) {
                return false;
            }
            JsonNode value = record.value() == null ? null : schemaJson(record.value());
            emit(text ? where + "  key=" + record.key() + "  " + (value == null ? "<tombstone>" : value)
                    : jsonLine(record, value));
            return true;
        }
        try {
            RecordCodec codec = decoding.codecFor(record.value());
            GenericRecord generic = codec.decodeGeneric(record.topic(), record.value());
            if (pbx != null && !RecordFields.pbxId(generic).map(pbx::equals).orElse(false)) {
                return false;
            }
            if (type != null && !RecordFields.type(generic).map(t -> t.equals(RecordFields.normalizeType(type)))
                    .orElse(false)) {
                return false;
            }
            if (text) {
                emit(EventLines.format(codec.decode(record.topic(), record.value(), specificClass(topic))));
            } else {
                emit(jsonLine(record, JSON.readTree(AvroJson.toJson(generic))));
            }
            return true;
        } catch (CodecException | IOException e) {
            err.println("tail: cannot decode " + where + ": " + oneLine(e.getMessage()));
            err.flush();
            return false;
        }
    }

    private static String jsonLine(ConsumerRecord<String, byte[]> record, JsonNode value) {
        ObjectNode line = JSON.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("key", record.key());
        ObjectNode headers = line.putObject("headers");
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        line.set("value", value);
        return line.toString();
    }

    private static JsonNode schemaJson(byte[] value) {
        String textValue = new String(value, StandardCharsets.UTF_8);
        try {
            return JSON.readTree(textValue);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(textValue);
        }
    }

    private void emit(String line) {
        out.println(line);
        out.flush();
    }

    /**
     * The codec, and the writer schemas learned from the schemas topic: read at start, and read again
     * (once per fingerprint) when a record names a fingerprint nobody knows yet, e.g. from a bridge
     * upgraded while we tail.
     */
    private final class Decoding {
        private final KafkaOptions.Target target;
        private final Set<Long> refreshedFor = new HashSet<>();
        private SchemaCatalog catalog = SchemaCatalog.standard();
        private RecordCodec codec;

        Decoding(KafkaOptions.Target target) {
            this.target = target;
            this.codec = target.codec(catalog);
        }

        void learn(KafkaConsumer<String, byte[]> consumer) {
            List<Schema> published = SchemaTopicReader.readAll(consumer, BridgeTopic.SCHEMAS.nameWith(target.prefix()),
                    METADATA_TIMEOUT, e -> err.println("tail: ignoring schema record " + e));
            catalog = catalog.withSchemas(published);
            codec = target.codec(catalog);
        }

        RecordCodec codecFor(byte[] value) {
            if (!target.singleObject() || value.length < SingleObjectCodec.HEADER_LENGTH
                    || value[0] != (byte) 0xC3 || value[1] != (byte) 0x01) {
                return codec;
            }
            long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (catalog.findByFingerprint(fingerprint).isEmpty() && refreshedFor.add(fingerprint)) {
                try (KafkaConsumer<String, byte[]> schemas = new KafkaConsumer<>(consumerConfig(target),
                        new StringDeserializer(), new ByteArrayDeserializer())) {
                    learn(schemas);
                }
            }
            return codec;
        }
    }

    private Map<String, Object> consumerConfig(KafkaOptions.Target target) {
        Map<String, Object> config = new HashMap<>(target.clientProperties());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "pbx-bridge-tail");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) METADATA_TIMEOUT.toMillis());
        return config;
    }

    /** Ctrl-C: stop polling, then let the main thread close the consumer and flush before the JVM exits. */
    private static Thread interruptHook(KafkaConsumer<?, ?> consumer, AtomicBoolean stopped, CountDownLatch finished) {
        Thread hook = new Thread(() -> {
            stopped.set(true);
            consumer.wakeup();
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pbx-bridge-tail-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down (Ctrl-C): the hook is running, nothing to remove.
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> specificClass(BridgeTopic topic) {
        return (Class<? extends SpecificRecord>) SpecificData.get().getClass(SchemaCatalog.schemasFor(topic).get(0));
    }

    private int badInput(String message) {
        err.println("tail: " + oneLine(message));
        return EXIT_BAD_INPUT;
    }

    static String oneLine(String message) {
        return message == null ? "unknown reason" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
