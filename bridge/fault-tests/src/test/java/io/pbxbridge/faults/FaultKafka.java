package io.pbxbridge.faults;

import io.pbxbridge.schema.codec.SingleObjectCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The broker process of the fault tests ({@link BrokerMain}) and the reads and writes tests make through it.
 * Its port and data directory stay the same across {@link #restart}, so running bridges find it again — the
 * place for the "broker stopped under load" test of the ingress work (stop or pause the broker, restart it).
 */
final class FaultKafka implements AutoCloseable {
    static final SingleObjectCodec CODEC = new SingleObjectCodec();
    private static final Pattern READY = Pattern.compile("KAFKA_READY (\\S+)");

    private final Path dir;
    private final int port;
    private final Path log;
    private JvmProcess process;
    private String bootstrap;

    private FaultKafka(Path dir, int port, Path log) {
        this.dir = dir;
        this.port = port;
        this.log = log;
    }

    static FaultKafka start(Path dir, Path logDir) {
        FaultKafka kafka = new FaultKafka(dir, freePort(), logDir.resolve("kafka.log"));
        kafka.launch();
        return kafka;
    }

    private void launch() {
        String classPath = Faults.bridgeJar() + java.io.File.pathSeparator + Faults.testClasses();
        process = JvmProcess.start("kafka", List.of("-Xmx512m", "-cp", classPath),
                List.of(BrokerMain.class.getName(), dir.toString(), Integer.toString(port)), log);
        bootstrap = process.awaitLine(READY, Duration.ofSeconds(120)).group(1);
    }

    String bootstrap() {
        return bootstrap;
    }

    JvmProcess process() {
        return process;
    }

    /** Stops the broker (SIGTERM, a clean shutdown) and starts it again on the same port and data. */
    void restart() {
        process.terminate();
        process.awaitExit(Duration.ofSeconds(60));
        process.close();
        launch();
    }

    Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", bootstrap);
        return c;
    }

    /** Every record of {@code topic} from its beginning to its current end, decoded. */
    <T extends SpecificRecord> List<T> readAll(String topic, Class<T> type) {
        Map<String, Object> config = clientConfig();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        out.add(CODEC.decode(topic, r.value(), type));
                    }
                }
            }
        }
        return out;
    }

    /** Writes {@code value} to {@code topic} with {@code key} and the {@code ce_id} header; waits for the ack. */
    void send(String topic, String key, String ceId, SpecificRecord value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, CODEC.encode(topic, value));
            record.headers().add("ce_id", ceId.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("cannot write to " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.closeInput();
            if (process.awaitExit(Duration.ofSeconds(30)).isEmpty()) {
                process.close();
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
