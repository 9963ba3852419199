package io.pbxbridge.bridge.bench;

import io.pbxbridge.bridge.kafka.EmbeddedKafka;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The references the ingest benchmark ({@code bridge/bench/ingest.sh}) compares the bridge with: what
 * taking a report costs at the least, on the same machine, with the same HTTP stack and Kafka.
 * <ul>
 *   <li>{@code bare}: a Vert.x handler answering 200 to every POST once its body is read (HTTP alone);</li>
 *   <li>{@code forward}: a Vert.x handler sending the body to Kafka — a native producer with the
 *       bridge's guarantees ({@code acks=all}, idempotent), a distinct key per report, the given
 *       {@code linger.ms} — answering 200 once Kafka acknowledged it. Its broker is the bridge's
 *       embedded single-node KRaft broker, in this JVM, with a 6-partition topic.</li>
 * </ul>
 * One server instance per event loop, as the bridge's ingress. Not a test: run by the script, which also
 * uses {@code --mode count --bootstrap B --topic T} to read how many records a topic holds.
 *
 * <pre>java -cp bridge/target/pbx-bridge.jar:bridge/target/test-classes io.pbxbridge.bridge.bench.IngestReferenceServer \
 *     --mode forward --port 8290 --linger-ms 0 --kafka-dir /tmp/ref-kafka --kafka-port 9392</pre>
 */
public final class IngestReferenceServer {
    static final String TOPIC = "reference.reports";

    private IngestReferenceServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String mode = opts.getOrDefault("mode", "bare");
        if (mode.equals("count")) {
            System.out.println(recordsOn(opts.get("bootstrap"), opts.get("topic")));
            return;
        }
        int port = Integer.parseInt(opts.getOrDefault("port", "8290"));
        int instances = Integer.parseInt(opts.getOrDefault("instances",
                String.valueOf(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)));
        Vertx vertx = Vertx.vertx();
        EmbeddedKafka kafka = null;
        KafkaProducer<String, byte[]> producer = null;
        if (mode.equals("forward")) {
            kafka = EmbeddedKafka.start(Path.of(opts.getOrDefault("kafka-dir", "reference-kafka")),
                    Integer.parseInt(opts.getOrDefault("kafka-port", "0")));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC)) {
                    admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
                }
            }
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            config.put(ProducerConfig.LINGER_MS_CONFIG, opts.getOrDefault("linger-ms", "0"));
            config.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            producer.partitionsFor(TOPIC); // metadata known before the first request: send never waits for it
        } else if (!mode.equals("bare")) {
            throw new IllegalArgumentException("--mode bare|forward");
        }
        KafkaProducer<String, byte[]> forwardTo = producer;
        vertx.deployVerticle(() -> new Handler(port, forwardTo), new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("reference " + mode + " listening on " + port + " (" + instances + " event loops)"
                + (kafka == null ? "" : ", Kafka " + kafka.bootstrapServers() + ", linger.ms "
                + opts.getOrDefault("linger-ms", "0")));
        EmbeddedKafka broker = kafka;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            if (forwardTo != null) {
                forwardTo.close();
            }
            if (broker != null) {
                broker.close();
            }
        }));
        Thread.currentThread().join();
    }

    /** How many records a topic holds (the sum of its partitions' end offsets): the script's loss check. */
    private static long recordsOn(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            long total = 0;
            for (var info : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values()) {
                total += info.offset();
            }
            return total;
        }
    }

    /** One event loop's HTTP server. */
    private static final class Handler extends VerticleBase {
        private static final AtomicLong KEYS = new AtomicLong();
        private final int port;
        private final KafkaProducer<String, byte[]> producer;

        Handler(int port, KafkaProducer<String, byte[]> producer) {
            this.port = port;
            this.producer = producer;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1")
                    // as the bridge's ingress: no WebSocket compression to negotiate, no extension handler
                    .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
                    .requestHandler(this::handle).listen();
        }

        private void handle(HttpServerRequest request) {
            request.body().onSuccess(body -> {
                if (producer == null) {
                    request.response().end();
                    return;
                }
                Context context = vertx.getOrCreateContext();
                String key = Long.toString(KEYS.incrementAndGet());
                producer.send(new ProducerRecord<>(TOPIC, key, body.getBytes()), (metadata, error) ->
                        context.runOnContext(v -> request.response().setStatusCode(error == null ? 200 : 503).end()));
            });
        }
    }
}
