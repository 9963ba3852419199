package io.pbxbridge.bridge.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.command.CommandConsumer;
import io.pbxbridge.bridge.command.CommandSettings;
import io.pbxbridge.bridge.command.PartitionOwnership;
import io.pbxbridge.bridge.kafka.EmbeddedKafka;
import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.session.SessionSupervisor;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.SessionListener;
import io.pbxbridge.connector.yeastar.YeastarConnector;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.RecordedRequest;
import io.pbxbridge.connector.yeastar.sim.TrunkSpec;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.DialAction;
import io.pbxbridge.schema.Endpoint;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Benchmark (not a unit test) of the command path: command appended to Kafka → request received by the
 * PBX side, and throughput. The PBX side is either an in-memory session that timestamps each request and
 * answers at once ({@code --pbx fake}, default: the bridge's own overhead) or, with
 * {@code --pbx yeastar-sim}, one simulated Yeastar S PBX per PBX id driven through the real Yeastar
 * connector over loopback HTTP (a DIAL becomes {@code extension/dial_outbound}; the simulator's
 * recorded request time is the receipt); {@code --pbx yeastar-fleet} runs the PBXes as a {@code simulate fleet}
 * in this JVM on a Vert.x of its own, {@code --pbx yeastar-fleet-process} the same fleet in a child JVM
 * ({@code --fleet-jvm-options "-Xmx1g"}), so this JVM holds only the bridge and the reference; the fleet's
 * request log gives the receipt: the wall clock in the fleet's JVM when the request's head reached the PBX (µs;
 * one kernel clock for both processes, so no offset between them). "Appended" is the broker's
 * LogAppendTime of the command record (the commands topic is created with
 * {@code message.timestamp.type=LogAppendTime}); both clocks are this machine's.
 *
 * <p>Phases: (0) warm-up — {@code --warmup} commands (default 5 s worth) at {@code --rate}, not
 * measured; (1) latency — {@code --commands} commands at {@code --rate} per second spread over
 * {@code --pbxes} PBXes; (2) throughput — {@code --burst} commands produced as fast as possible, timed
 * from the first append to the last request received. Prints p50/p90/p99/max.
 *
 * <p>Options: {@code --bootstrap host:port} (default: an embedded single-node KRaft broker),
 * {@code --commands 2000 --rate 200 --burst 20000 --pbxes 8 --partitions 8 --warmup N
 * --pbx fake|yeastar-sim|yeastar-fleet|yeastar-fleet-process}. The append time has the broker's millisecond
 * resolution (truncated: every latency reads 0–1 ms high, the reference's alike).
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -B -q -pl bridge -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=$PWD/bridge/target/bench.cp -Dmdep.includeScope=test
 * java -cp bridge/target/test-classes:bridge/target/classes:$(cat bridge/target/bench.cp) \
 *     io.pbxbridge.bridge.bench.CommandLatencyBench --commands 2000 --rate 200 --burst 20000
 * </pre>
 */
public final class CommandLatencyBench {
    private final Map<String, Long> receivedAtMicros = new ConcurrentHashMap<>();
    /** When a bare KafkaConsumer poll loop in this JVM saw each command: the floor the bridge is compared with. */
    private final Map<String, Long> referenceAtMicros = new ConcurrentHashMap<>();
    private final AtomicInteger received = new AtomicInteger();
    /** Simulators by PBX id in {@code yeastar-sim} mode. */
    private final Map<String, YeastarSimulator> simulators = new ConcurrentHashMap<>();
    /** The fleet in {@code yeastar-fleet} and {@code yeastar-fleet-process} modes. */
    private BenchFleet fleet;
    /** The phase being measured: requests logged for another phase are not counted. */
    private volatile String phase = PHASES.get(0);

    private static final String SIM_PASSWORD = "bench-password";
    private static final List<String> PHASES = List.of("warm", "lat", "tp");

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        new CommandLatencyBench().run(opts);
        System.exit(0);
    }

    private void run(Map<String, String> opts) throws Exception {
        int commands = Integer.parseInt(opts.getOrDefault("commands", "2000"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
        int burst = Integer.parseInt(opts.getOrDefault("burst", "20000"));
        int pbxCount = Integer.parseInt(opts.getOrDefault("pbxes", "8"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "8"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", String.valueOf(Math.max(200, 5 * rate))));
        EmbeddedKafka embedded = null;
        String bootstrap = opts.get("bootstrap");
        if (bootstrap == null) {
            Path dir = Files.createTempDirectory("command-bench-kafka");
            embedded = EmbeddedKafka.start(dir, 0);
            bootstrap = embedded.bootstrapServers();
        }
        String prefix = "bench" + System.currentTimeMillis() + ".";
        String commandsTopic = BridgeTopic.COMMANDS.nameWith(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(
                    new NewTopic(BridgeTopic.SYSTEM.nameWith(prefix), 1, (short) 1),
                    new NewTopic(BridgeTopic.CALL_EVENTS.nameWith(prefix), 1, (short) 1),
                    new NewTopic(commandsTopic, partitions, (short) 1)
                            .configs(Map.of("message.timestamp.type", "LogAppendTime")),
                    new NewTopic(BridgeTopic.COMMAND_RESULTS.nameWith(prefix), partitions, (short) 1),
                    new NewTopic(BridgeTopic.DLQ.nameWith(prefix), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String mode = opts.getOrDefault("pbx", "fake");
        int logged = 2 * (commands + burst + warmup + 1000);
        if (mode.equals("yeastar-fleet")) {
            fleet = BenchFleet.inThisJvm(pbxCount, logged);
        } else if (mode.equals("yeastar-fleet-process")) {
            fleet = BenchFleet.inProcess(pbxCount, logged, opts.getOrDefault("fleet-jvm-options", "-Xmx1g"));
        } else if (!mode.equals("fake") && !mode.equals("yeastar-sim")) {
            throw new IllegalArgumentException("--pbx fake|yeastar-sim|yeastar-fleet|yeastar-fleet-process");
        }
        List<String> pbxIds = fleet != null
                ? fleet.entries().stream().map(e -> (String) e.get("id")).toList()
                : IntStream.range(0, pbxCount).mapToObj(i -> "bench-pbx-" + i).toList();
        // --event-loops: the bridge's Vert.x event loops (default 2 × cores, as the bridge's own).
        Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(Integer.parseInt(
                opts.getOrDefault("event-loops", String.valueOf(io.vertx.core.VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)))));
        SingleObjectCodec codec = new SingleObjectCodec();
        Map<String, String> kafka = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka, prefix, codec, new SimpleMeterRegistry());
        BridgeInfo bridgeInfo = new BridgeInfo("bench", "bench-1");
        boolean sim = "yeastar-sim".equals(mode);
        Function<String, PbxSession> sessions = BenchSession::new;
        PbxConnector yeastar = Connectors.find(YeastarConnector.ID).orElseThrow();
        // The PBXes push call reports; this sink acknowledges them (report ingress is not measured here).
        int sinkPort = vertx.createHttpServer().requestHandler(r -> r.end().onComplete(x -> r.response().end()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        if (sim) {
            for (String id : pbxIds) {
                YeastarSimulator simulator = YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder()
                        .host("127.0.0.1").port(0).apiVersion(YeastarApiVersion.V1_1_0).username("api")
                        .password(SIM_PASSWORD).extensions(4, 1000).trunks(List.of(TrunkSpec.sip("sip-trunk")))
                        .callStepDelay(Duration.ofMillis(1)).talkTime(Duration.ofMillis(1))
                        .maxRecordedRequests(Math.max(10_000, 2 * (commands + burst + warmup + 1000))).build())
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                simulators.put(id, simulator);
            }
            sessions = id -> yeastar.session(vertx, new PbxConfig(id, YeastarConnector.ID,
                    URI.create(simulators.get(id).baseUrl()), "api", Secret.of(SIM_PASSWORD), "1.1.0", Secret.empty(),
                    List.of(), null, Duration.ofSeconds(30), null, null),
                    new SessionContext(publisher, SessionListener.NONE, bridgeInfo,
                            URI.create("http://127.0.0.1:" + sinkPort + "/report/" + id)));
        } else if (fleet != null) {
            Map<String, Map<String, Object>> entries = new HashMap<>();
            fleet.entries().forEach(e -> entries.put((String) e.get("id"), e));
            sessions = id -> {
                Map<String, Object> e = entries.get(id);
                return yeastar.session(vertx, new PbxConfig(id, YeastarConnector.ID, URI.create((String) e.get("api_url")),
                        (String) e.get("username"), Secret.of((String) e.get("password")), (String) e.get("api_version"),
                        Secret.empty(), List.of(), null, Duration.ofSeconds(30), null, null),
                        new SessionContext(publisher, SessionListener.NONE, bridgeInfo,
                                URI.create("http://127.0.0.1:" + sinkPort + "/report/" + id)));
            };
        }
        SessionSupervisor supervisor = new SessionSupervisor(vertx, sessions);
        CommandSettings settings = CommandSettings.defaults(kafka).withTopicPrefix(prefix).withGroupId(prefix + "bridge")
                .withResultCache(Duration.ofHours(1), 200_000, false).withLanes(1, 1000);
        if (opts.containsKey("commit-interval-ms")) {
            settings = settings.withCommitInterval(Duration.ofMillis(Long.parseLong(opts.get("commit-interval-ms"))));
        }
        CommandConsumer consumer = new CommandConsumer(vertx, settings, pbxIds, supervisor, publisher, codec,
                bridgeInfo, new SimpleMeterRegistry());
        consumer.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.ownedPbxIds().size() < pbxCount && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.printf(Locale.ROOT, "Kafka %s, PBX side %s, %d PBXes over %d partitions (covering %d), lane concurrency 1%n",
                embedded != null ? "embedded KRaft" : bootstrap, sim ? "Yeastar simulator (v1.1.0, loopback HTTP)"
                        : fleet != null ? "Yeastar S " + fleet.describe() + ", loopback HTTP" : "in-memory fake",
                pbxIds.size(), partitions,
                pbxIds.stream().map(p -> PartitionOwnership.partitionOf(p, partitions)).distinct().count());

        Thread reference = referenceConsumer(bootstrap, commandsTopic);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new ByteArraySerializer())) {
            // Warm-up at the measured rate: JIT, heap sizing, connections, sessions. Without it the first
            // seconds (compilation, the first collections growing the heap) make the whole tail.
            produce(producer, codec, commandsTopic, pbxIds, "warm", warmup, Math.max(rate, 1));
            awaitReceived(warmup, Duration.ofSeconds(120));

            resetReceived("lat");
            produce(producer, codec, commandsTopic, pbxIds, "lat", commands, rate);
            awaitReceived(commands, Duration.ofSeconds(120));
            Map<String, Long> appended = appendTimes(bootstrap, commandsTopic, "lat-");
            report("latency (append → PBX request), " + commands + " commands at " + rate + "/s", appended,
                    receivedAtMicros);
            report("reference (append → a bare KafkaConsumer poll loop in this JVM sees it)", appended,
                    referenceAtMicros);

            resetReceived("tp");
            produce(producer, codec, commandsTopic, pbxIds, "tp", burst, 0);
            awaitReceived(burst, Duration.ofSeconds(300));
            Map<String, Long> appendedBurst = appendTimes(bootstrap, commandsTopic, "tp-");
            long firstAppendMicros = appendedBurst.values().stream().mapToLong(v -> v).min().orElse(0) * 1000;
            long lastReceived = receivedAtMicros.values().stream().mapToLong(v -> v).max().orElse(0);
            double seconds = (lastReceived - firstAppendMicros) / 1e6;
            System.out.printf(Locale.ROOT, "throughput: %d commands in %.2f s = %.0f commands/s (first append → last request)%n",
                    burst, seconds, burst / seconds);
            report("latency under burst", appendedBurst, receivedAtMicros);
        } finally {
            referenceRunning = false;
            reference.join(5_000);
            consumer.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            publisher.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            for (YeastarSimulator simulator : simulators.values()) {
                simulator.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            if (fleet != null) {
                fleet.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private void resetReceived(String next) {
        phase = next;
        receivedAtMicros.clear();
        referenceAtMicros.clear();
        received.set(0);
        simulators.values().forEach(YeastarSimulator::clearRequests);
    }

    private static void produce(KafkaProducer<String, byte[]> producer, SingleObjectCodec codec, String topic,
                                List<String> pbxIds, String idPrefix, int count, int ratePerSecond) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (ratePerSecond > 0) {
                long due = start + (long) (i * (1e9 / ratePerSecond));
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            String pbx = pbxIds.get(i % pbxIds.size());
            String id = idPrefix + "-" + i;
            Command c = Command.newBuilder().setCommandId(id).setPbxId(pbx).setIssuedAt(Instant.now())
                    .setExpiresAt(Instant.now().plusSeconds(600)).setAction(CommandAction.DIAL)
                    .setDial(DialAction.newBuilder()
                            .setFrom(Endpoint.newBuilder().setKind(EndpointKind.EXTENSION).setNumber("1000").build())
                            .setTo(Endpoint.newBuilder().setKind(EndpointKind.EXTERNAL).setNumber(numberOf(idPrefix, i)).build()).build())
                    .build();
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, pbx, codec.encode(topic, c));
            r.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
            producer.send(r);
        }
        producer.flush();
    }

    private void awaitReceived(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (collectSimulatorRequests() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + received.get() + " of " + count + " commands reached the PBX side");
            }
            Thread.sleep(5);
        }
    }

    /** In simulator mode, turns the recorded dial requests into receipt times; returns the commands received. */
    private int collectSimulatorRequests() throws Exception {
        if (fleet != null) {
            fleet.collect((number, micros) -> {
                String id = idOfNumber(number);
                if (id != null && id.startsWith(phase + "-") && receivedAtMicros.putIfAbsent(id, micros) == null) {
                    received.incrementAndGet();
                }
            });
            return received.get();
        }
        if (simulators.isEmpty()) {
            return received.get();
        }
        for (YeastarSimulator sim : simulators.values()) {
            for (RecordedRequest r : sim.requestsTo("extension/dial_outbound")) {
                String id = idOfNumber(r.field("outto"));
                if (id != null && receivedAtMicros.putIfAbsent(id, r.time().getEpochSecond() * 1_000_000L
                        + r.time().getNano() / 1_000) == null) {
                    received.incrementAndGet();
                }
            }
        }
        return received.get();
    }

    /** Dialled numbers carry the command: phase digit + index (e.g. lat-17 → 9117). */
    private static String numberOf(String idPrefix, int i) {
        return "9" + PHASES.indexOf(idPrefix) + i;
    }

    private static String idOfNumber(String number) {
        if (number == null || number.length() < 3 || number.charAt(0) != '9') {
            return null;
        }
        int phase = number.charAt(1) - '0';
        return phase >= 0 && phase < PHASES.size() ? PHASES.get(phase) + "-" + number.substring(2) : null;
    }

    private volatile boolean referenceRunning = true;

    /** A plain consumer (no group, every partition, from the end) timestamping each command it polls. */
    private Thread referenceConsumer(String bootstrap, String topic) throws InterruptedException {
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "enable.auto.commit", "false"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> parts = c.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                c.assign(parts);
                c.seekToEnd(parts);
                parts.forEach(c::position);
                assigned.countDown();
                while (referenceRunning) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                        var h = r.headers().lastHeader(CloudEventHeaders.ID);
                        if (h != null) {
                            referenceAtMicros.putIfAbsent(new String(h.value(), StandardCharsets.UTF_8), nowMicros());
                        }
                    }
                }
            }
        }, "reference-consumer");
        thread.setDaemon(true);
        thread.start();
        assigned.await(30, TimeUnit.SECONDS);
        return thread;
    }

    /** Reads back the broker append time (ms) of every command whose id starts with {@code idPrefix}. */
    private static Map<String, Long> appendTimes(String bootstrap, String topic, String idPrefix) {
        Map<String, Long> times = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "enable.auto.commit", "false"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    var h = r.headers().lastHeader(CloudEventHeaders.ID);
                    String id = h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
                    if (id.startsWith(idPrefix)) {
                        times.put(id, r.timestamp());
                    }
                }
            }
        }
        return times;
    }

    private void report(String title, Map<String, Long> appendedMillis, Map<String, Long> seenAtMicros) {
        List<Double> latencies = new ArrayList<>();
        appendedMillis.forEach((id, appended) -> {
            Long got = seenAtMicros.get(id);
            if (got != null) {
                latencies.add((got - appended * 1000) / 1000.0);
            }
        });
        double[] sorted = latencies.stream().mapToDouble(d -> d).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n", title, sorted.length,
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** The PBX side: timestamps each request (wall clock, µs) and succeeds at once. */
    private final class BenchSession implements PbxSession {
        private final String pbxId;
        private volatile SessionState state = SessionState.STARTING;

        BenchSession(String pbxId) {
            this.pbxId = pbxId;
        }

        @Override
        public String pbxId() {
            return pbxId;
        }

        @Override
        public Future<Void> start() {
            state = SessionState.UP;
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> stop() {
            state = SessionState.STOPPED;
            return Future.succeededFuture();
        }

        @Override
        public SessionState state() {
            return state;
        }

        @Override
        public Future<CommandOutcome> execute(Command command) {
            if (receivedAtMicros.putIfAbsent(command.getCommandId(), nowMicros()) == null) {
                received.incrementAndGet();
            }
            return Future.succeededFuture(CommandOutcome.succeeded(null, "{}"));
        }
    }
}
