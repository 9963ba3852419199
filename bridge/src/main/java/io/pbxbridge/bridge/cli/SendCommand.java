package io.pbxbridge.bridge.cli;

import io.pbxbridge.bridge.config.ConfigException;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.codec.AvroJson;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.CodecException;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code send [FILE]}: produces one Command and waits for its CommandResult. The results topic is
 * assigned and its end offsets are taken BEFORE the command is produced, so a fast bridge cannot
 * answer before we listen.
 */
@picocli.CommandLine.Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Produce a Command to <prefix>commands from JSON (FILE, or stdin without FILE or with '-') and wait "
                        + "for its CommandResult on <prefix>command-results; print the result as one line of Avro JSON.",
                "The JSON is either Avro's JSON encoding of Command (unions as {\"type\": value}) or plain JSON: unions "
                        + "as bare values, enums in any case, times as ISO-8601 or epoch millis, *_json fields as objects.",
                "issued_at defaults to now and expires_at to now + --timeout (so the command is never executed after "
                        + "send gave up on it: the bridge answers EXPIRED); a missing command_id is generated and printed on stderr. "
                        + "The record is encoded with the configured codec, key = pbx_id, headers ce_id = command_id, "
                        + "ce_type, ce_source, ce_time.",
                "Exit: 0 result SUCCEEDED, 3 any other result status, 4 no result within --timeout, "
                        + "2 bad input or configuration, 1 Kafka error."},
        footer = {"", "Example:",
                "  echo '{\"command_id\":\"c1\",\"pbx_id\":\"hq\",\"action\":\"DIAL\",",
                "        \"dial\":{\"from\":{\"kind\":\"EXTENSION\",\"number\":\"1001\"},",
                "                \"to\":{\"kind\":\"EXTERNAL\",\"number\":\"0612345678\"}},",
                "        \"expires_at\":\"2026-11-26T21:00:00Z\"}' \\",
                "    | pbx-bridge send --config bridge.yaml --timeout 20s"})
public final class SendCommand implements Callable<Integer> {
    public static final int EXIT_SUCCEEDED = 0;
    public static final int EXIT_KAFKA = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_NOT_SUCCEEDED = 3;
    public static final int EXIT_TIMEOUT = 4;

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Command JSON file; '-' or none: stdin.")
    String file;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long to wait for the result (500ms, 30s, 2m, PT1M; default: ${DEFAULT-VALUE}); also the "
                    + "command's expires_at when the JSON gives none.")
    Duration timeout;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public SendCommand() {
        this(System.in, System.out, System.err);
        QuietKafkaLogs.apply(); // a real process: stderr is for our one-line errors
    }

    /** For tests and embedding: explicit streams instead of the process's. */
    public SendCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        long deadline = System.nanoTime() + timeout.toNanos();
        CommandJson.Parsed parsed;
        KafkaOptions.Target target;
        try {
            parsed = CommandJson.parse(readInput(), Instant.now());
            target = kafka.resolve();
        } catch (IOException e) {
            return fail(EXIT_BAD_INPUT, "cannot read " + (file == null ? "stdin" : file) + ": " + e.getMessage());
        } catch (CommandJsonException e) {
            return fail(EXIT_BAD_INPUT, "bad command: " + e.getMessage());
        } catch (ConfigException e) {
            return fail(EXIT_BAD_INPUT, "configuration error: " + e.getMessage());
        }
        Command command = parsed.command();
        if (command.getExpiresAt() == null) {
            // Never executed after this process stopped waiting for it (the bridge answers EXPIRED instead).
            command.setExpiresAt(Instant.now().plus(timeout));
        }
        if (parsed.generatedId()) {
            err.println("send: command_id not given, using " + command.getCommandId());
            err.flush();
        }
        try {
            RecordCodec codec = target.codec(SchemaCatalog.standard());
            String commandsTopic = BridgeTopic.COMMANDS.nameWith(target.prefix());
            String resultsTopic = BridgeTopic.COMMAND_RESULTS.nameWith(target.prefix());
            byte[] value = codec.encode(commandsTopic, command);
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(target),
                    new StringDeserializer(), new ByteArrayDeserializer());
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(target),
                         new StringSerializer(), new ByteArraySerializer())) {
                List<TopicPartition> partitions = listenFromEnd(consumer, resultsTopic);
                if (partitions.isEmpty()) {
                    return fail(EXIT_KAFKA, "topic " + resultsTopic + " does not exist on " + target.bootstrapServers());
                }
                producer.send(record(commandsTopic, command, value, codec)).get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return awaitResult(consumer, resultsTopic, codec, command.getCommandId(), deadline);
            }
        } catch (ExecutionException e) {
            return fail(EXIT_KAFKA, "Kafka did not accept the command: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return fail(EXIT_KAFKA, "Kafka did not acknowledge the command within " + KAFKA_TIMEOUT.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(EXIT_KAFKA, "interrupted");
        } catch (KafkaException e) {
            return fail(EXIT_KAFKA, "Kafka error on " + target.bootstrapServers() + ": " + e.getMessage());
        } catch (CodecException e) {
            return fail(EXIT_KAFKA, e.getMessage());
        }
    }

    /** Assigns every partition of the results topic at its current end, before anything is produced. */
    private static List<TopicPartition> listenFromEnd(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.endOffsets(partitions, KAFKA_TIMEOUT).forEach(consumer::seek);
        return partitions;
    }

    private int awaitResult(KafkaConsumer<String, byte[]> consumer, String topic, RecordCodec codec, String commandId,
                            long deadline) {
        while (System.nanoTime() < deadline) {
            long waitMs = Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000));
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(waitMs))) {
                if (record.value() == null) {
                    continue;
                }
                CommandResult result;
                try {
                    result = codec.decode(topic, record.value(), CommandResult.class);
                } catch (CodecException e) {
                    err.println("send: skipping undecodable result " + topic + "/" + record.partition() + "@"
                            + record.offset() + ": " + e.getMessage());
                    continue;
                }
                if (commandId.equals(result.getCommandId())) {
                    out.println(AvroJson.toJson(result));
                    out.flush();
                    return result.getStatus() == CommandStatus.SUCCEEDED ? EXIT_SUCCEEDED : EXIT_NOT_SUCCEEDED;
                }
            }
        }
        return fail(EXIT_TIMEOUT, "no result for command " + commandId + " within " + timeout.toMillis() + " ms");
    }

    private static ProducerRecord<String, byte[]> record(String topic, Command command, byte[] value, RecordCodec codec) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, command.getPbxId(), value);
        record.headers()
                .add(CloudEventHeaders.ID, utf8(command.getCommandId()))
                .add(CloudEventHeaders.SOURCE, utf8(CloudEventHeaders.sourceForPbx(command.getPbxId())))
                .add(CloudEventHeaders.TYPE, utf8(CeTypes.command(command.getAction())))
                .add(CloudEventHeaders.TIME, utf8(DateTimeFormatter.ISO_INSTANT.format(command.getIssuedAt())))
                .add(CloudEventHeaders.SPEC_VERSION, utf8(CloudEventHeaders.SPEC_VERSION_VALUE))
                .add(CloudEventHeaders.CONTENT_TYPE, utf8(codec.contentType()));
        return record;
    }

    private String readInput() throws IOException {
        byte[] bytes = file == null || file.equals("-") ? in.readAllBytes() : Files.readAllBytes(Path.of(file));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> consumerConfig(KafkaOptions.Target target) {
        Map<String, Object> config = new HashMap<>(target.clientProperties());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "pbx-bridge-send");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        return config;
    }

    private static Map<String, Object> producerConfig(KafkaOptions.Target target) {
        Map<String, Object> config = new HashMap<>(target.clientProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "pbx-bridge-send");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    private int fail(int code, String message) {
        err.println("send: " + TailCommand.oneLine(message));
        err.flush();
        return code;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
