package io.pbxbridge.bridge.fuzz;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.RecordedRequest;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ConfigureAction;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.DialAction;
import io.pbxbridge.schema.Endpoint;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.QueryAction;
import io.pbxbridge.schema.QuerySubject;
import io.pbxbridge.schema.VendorAction;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile command records against a running bridge: a real {@link BridgeApplication} (configured from
 * YAML), a Yeastar simulator as its PBX over loopback HTTP, and a real broker. Each {@link #round}
 * writes a seeded mix to the commands topic — valid commands, duplicates, expired ones, unknown PBXes,
 * refused actions in every letter case, junk numbers and ids, deep and broken JSON, wrong keys, and bytes
 * that are no Command at all — while a {@link Ledger} notes what each record must cause. {@link #verify}
 * then checks the invariants from outside, on the topics and on the simulator:
 * <ul>
 *   <li>exactly one result per decodable record (a duplicate's is a replay), with the expected status;</li>
 *   <li>exactly one dead letter per undecodable record, and an INVALID result when its id is known;</li>
 *   <li>a marked request reaches the PBX exactly once for executed commands (duplicates included), never
 *       for expired, unknown-PBX or refused ones;</li>
 * </ul>
 * and, over the whole run ({@link #finalChecks}): no PBX password or report secret in any log line, the
 * undecodable-record warning rate-limited, the process alive (liveness 200, a last command succeeds).
 * Used by {@link CommandFuzzTest} (bounded, in the suite) and {@link FuzzMain} (long runs).
 */
public final class CommandFuzz implements AutoCloseable {
    static final String PBX_ID = "fz";
    static final String PBX_PASSWORD = "Fuzz-Pbx-Pa55-w0rd";
    static final String REPORT_SECRET = "fuzz-report-secret-0123456789";
    private static final String VENDOR_QUERY = "extensionlist/query";
    private static final SingleObjectCodec CODEC = new SingleObjectCodec();

    private final Vertx vertx;
    private final YeastarSimulator sim;
    private final BridgeApplication app;
    private final KafkaProducer<String, byte[]> producer;
    private final Collector collector;
    private final LogWatch logs;
    private final String commandsTopic;
    private final Instant started = Instant.now();
    private int rounds;

    private CommandFuzz(Vertx vertx, YeastarSimulator sim, BridgeApplication app, KafkaProducer<String, byte[]> producer,
                        Collector collector, LogWatch logs, String prefix) {
        this.vertx = vertx;
        this.sim = sim;
        this.app = app;
        this.producer = producer;
        this.collector = collector;
        this.logs = logs;
        this.commandsTopic = BridgeTopic.COMMANDS.nameWith(prefix);
    }

    /** Starts the simulator and the bridge on {@code bootstrap} with topics under {@code prefix}. */
    public static CommandFuzz start(String bootstrap, String prefix) throws Exception {
        LogWatch logs = LogWatch.attach(List.of(PBX_PASSWORD, REPORT_SECRET));
        Vertx vertx = Vertx.vertx();
        YeastarSimulator sim = await(YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder()
                .host("127.0.0.1").port(0).apiVersion(YeastarApiVersion.V1_1_0).username("api").password(PBX_PASSWORD)
                .extensions(4, 1000).maxRecordedRequests(200_000).build()));
        String yaml = """
                instance_id: fuzz-bridge
                kafka:
                  bootstrap_servers: "%s"
                  topic_prefix: "%s"
                  partitions: 3
                ingress: {host: 127.0.0.1, port: 0, public_base_url: "http://127.0.0.1:0"}
                management: {host: 127.0.0.1, port: 0}
                commands: {lane_backlog: 1000}
                pbxes:
                  - id: %s
                    vendor: yeastar-s
                    api_url: "%s"
                    username: api
                    password: "%s"
                    api_version: "1.1.0"
                    report_secret: %s
                    keep_alive: 5m
                """.formatted(bootstrap, prefix, PBX_ID, sim.baseUrl(), PBX_PASSWORD, REPORT_SECRET);
        BridgeApplication app = new BridgeApplication(ConfigLoader.parse(yaml, Map.of()));
        app.start().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(app.commands().joined() && app.sessions().session(PBX_ID).isPresent()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        Collector collector = Collector.start(bootstrap, BridgeTopic.COMMAND_RESULTS.nameWith(prefix),
                BridgeTopic.DLQ.nameWith(prefix));
        return new CommandFuzz(vertx, sim, app, producer, collector, logs, prefix);
    }

    // ------------------------------------------------------------------ what each record must cause

    /** Expectations of one round. */
    static final class Ledger {
        final String round;
        /** Results expected per command id (a duplicate adds one). */
        final Map<String, Integer> results = new HashMap<>();
        /** Allowed statuses per command id. */
        final Map<String, Set<CommandStatus>> statuses = new HashMap<>();
        /** Markers that must reach the PBX exactly once / never. */
        final Set<String> once = ConcurrentHashMap.newKeySet();
        final Set<String> never = ConcurrentHashMap.newKeySet();
        /** topic/partition/offset of every undecodable record: one dead letter each. */
        final Set<String> deadLetters = ConcurrentHashMap.newKeySet();
        /** Undecodable records whose id nothing announces: each may still yield one INVALID result (best-effort recovery). */
        int unannouncedUndecodable;
        final Map<String, AtomicInteger> kinds = new java.util.TreeMap<>();

        Ledger(String round) {
            this.round = round;
        }

        void expect(String commandId, Set<CommandStatus> allowed) {
            results.merge(commandId, 1, Integer::sum);
            statuses.merge(commandId, allowed, (a, b) -> a);
        }

        void count(String kind) {
            kinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }

        int records() {
            return kinds.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    private static final Set<CommandStatus> EXECUTED = Set.of(CommandStatus.SUCCEEDED, CommandStatus.PBX_ERROR,
            CommandStatus.NOT_SUPPORTED);
    private static final Set<CommandStatus> REFUSED = Set.of(CommandStatus.INVALID, CommandStatus.NOT_SUPPORTED,
            CommandStatus.UNKNOWN_PBX);

    /** Session endpoints and walks out of the API, in the spellings an attacker tries. */
    private static final List<String> FORBIDDEN_VENDOR_ACTIONS = List.of("login", "LOGIN", "Logout", "heartbeat",
            "HeartBeat", "token/refresh", "Token/Refresh", "/login", "//logout", "../etc/passwd", "extension query",
            "a\u0000b", "x/".repeat(80), " ", "", "ext\u202eension/query", "login/", "api/v1.1.0/login");

    /** Writes {@code records} records and returns what they must cause. */
    public Ledger round(int records, long seed) throws Exception {
        String round = "r" + (++rounds) + "s" + seed;
        Ledger ledger = new Ledger(round);
        Random random = new Random(seed);
        List<ProducerRecord<String, byte[]>> executedSoFar = new ArrayList<>();
        List<java.util.concurrent.Future<RecordMetadata>> pending = new ArrayList<>();
        List<Boolean> undecodable = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            String id = round + "-" + i;
            String marker = "m" + id;
            int pick = random.nextInt(100);
            ProducerRecord<String, byte[]> record;
            boolean bytes = false;
            if (pick < 30) {
                ledger.count("executed");
                record = command(vendorQuery(id, marker, junk(random, random.nextInt(3) == 0 ? 2000 : 20)).build(), true);
                ledger.expect(id, EXECUTED);
                ledger.once.add(marker);
                executedSoFar.add(record);
            } else if (pick < 38 && !executedSoFar.isEmpty()) {
                ledger.count("duplicate");
                ProducerRecord<String, byte[]> original = executedSoFar.get(random.nextInt(executedSoFar.size()));
                record = copy(original, original.key());
                ledger.expect(commandIdOf(original), EXECUTED);
            } else if (pick < 46) {
                ledger.count("expired");
                Instant issued = Instant.now().minusSeconds(120);
                record = command(vendorQuery(id, marker, "").setIssuedAt(issued).setExpiresAt(issued.plusSeconds(60)).build(), true);
                ledger.expect(id, Set.of(CommandStatus.EXPIRED));
                ledger.never.add(marker);
            } else if (pick < 54) {
                ledger.count("unknown-pbx");
                record = command(vendorQuery(id, marker, "").setPbxId("ghost-" + random.nextInt(1000)).build(), true);
                ledger.expect(id, Set.of(CommandStatus.UNKNOWN_PBX));
                ledger.never.add(marker);
            } else if (pick < 57) {
                ledger.count("query");
                record = command(Command.newBuilder().setCommandId(id).setPbxId(PBX_ID).setIssuedAt(Instant.now())
                        .setAction(CommandAction.QUERY).setQuery(QueryAction.newBuilder().setSubject(
                                random.nextBoolean() ? QuerySubject.EXTENSIONS : QuerySubject.SYSTEM_INFO).build()).build(), true);
                ledger.expect(id, EXECUTED);
            } else if (pick < 80) {
                ledger.count("refused");
                Command refused = refused(random, id, marker);
                record = command(refused, random.nextInt(4) != 0);
                if (random.nextInt(10) == 0) {
                    // Keyed by another PBX than its pbx_id: it may reach the wrong owner, so it is refused.
                    record = copy(record, "other");
                }
                ledger.expect(refused.getCommandId(), REFUSED);
                ledger.never.add(marker);
            } else {
                ledger.count("undecodable");
                bytes = true;
                record = undecodable(random, id, ledger);
            }
            undecodable.add(bytes);
            pending.add(producer.send(record));
        }
        producer.flush();
        for (int i = 0; i < pending.size(); i++) {
            RecordMetadata where = pending.get(i).get(30, TimeUnit.SECONDS);
            if (undecodable.get(i)) {
                ledger.deadLetters.add(where.topic() + "/" + where.partition() + "/" + where.offset());
            }
        }
        return ledger;
    }

    private static ProducerRecord<String, byte[]> copy(ProducerRecord<String, byte[]> record, String key) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), key, record.value());
        record.headers().forEach(h -> copy.headers().add(h));
        return copy;
    }

    private static Command.Builder vendorQuery(String id, String marker, String junk) {
        JsonObject params = new JsonObject().put("fuzz", marker);
        if (!junk.isEmpty()) {
            params.put("junk", junk);
        }
        return Command.newBuilder().setCommandId(id).setPbxId(PBX_ID).setIssuedAt(Instant.now())
                .setAction(CommandAction.VENDOR)
                .setVendor(VendorAction.newBuilder().setAction(VENDOR_QUERY).setParametersJson(params.encode()).build());
    }

    /** A decodable command the bridge must refuse before the PBX; {@code marker} is wherever it would reach the PBX. */
    private static Command refused(Random random, String id, String marker) {
        Command.Builder c = vendorQuery(id, marker, "");
        switch (random.nextInt(10)) {
            case 0 -> c.setVendor(VendorAction.newBuilder()
                    .setAction(FORBIDDEN_VENDOR_ACTIONS.get(random.nextInt(FORBIDDEN_VENDOR_ACTIONS.size())))
                    .setParametersJson(new JsonObject().put("fuzz", marker).encode()).build());
            case 1 -> c.setVendor(VendorAction.newBuilder().setAction(VENDOR_QUERY).setParametersJson(switch (random.nextInt(4)) {
                case 0 -> "[\"" + marker + "\"]";
                case 1 -> "{\"fuzz\":\"" + marker + "\"";
                case 2 -> "[".repeat(1500) + "\"" + marker + "\"" + "]".repeat(1500);
                default -> "{\"fuzz\":" + "{\"a\":".repeat(1200) + "\"" + marker + "\"" + "}".repeat(1201);
            }).build());
            case 2 -> c.setAction(CommandAction.DIAL).setVendor(null).setDial(DialAction.newBuilder()
                    .setFrom(Endpoint.newBuilder().setKind(EndpointKind.EXTENSION).setNumber("1000").build())
                    .setTo(Endpoint.newBuilder().setKind(EndpointKind.EXTERNAL).setNumber(badNumber(random, marker)).build())
                    .build());
            case 3 -> c.setAction(CommandAction.CONFIGURE).setVendor(null).setConfigure(ConfigureAction.newBuilder()
                    .setEntity(ConfigEntity.EXTENSION).setOperation(ConfigOperation.UPDATE)
                    .setId(random.nextBoolean() ? "1".repeat(33 + random.nextInt(40)) : "10\u000001")
                    .setFieldsJson(new JsonObject().put("username", marker).encode()).build());
            case 4 -> c.setAction(CommandAction.DIAL); // the vendor record instead of the dial record
            case 5 -> c.setCommandId(random.nextBoolean() ? id + "\u001b[2J\r\n" : id + "-" + "x".repeat(200));
            case 6 -> c.setPbxId(random.nextBoolean() ? PBX_ID + "\n" : "");
            case 7 -> c.setExpiresAt(Instant.now().minusSeconds(3600)); // expires before it was issued
            case 8 -> c.setAction(CommandAction.UNKNOWN);
            default -> c.setAction(CommandAction.QUERY).setVendor(null).setQuery(QueryAction.newBuilder()
                    .setSubject(QuerySubject.UNKNOWN).setId(marker).build());
        }
        return c.build();
    }

    /** Never a dialable number: always a letter, a control character or too many digits. */
    private static String badNumber(Random random, String marker) {
        return switch (random.nextInt(4)) {
            case 0 -> "0612" + marker;
            case 1 -> "0612\u0000" + random.nextInt(1000);
            case 2 -> "9".repeat(33 + random.nextInt(100));
            default -> "٠٦١٢٣٤"; // Arabic-Indic digits
        };
    }

    /** Text a payload may carry: any code point, controls and separators included. */
    private static String junk(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(5);
            int cp = switch (kind) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x80 + random.nextInt(0x20);
                case 2 -> 0x2020 + random.nextInt(0x50);
                default -> 0x20 + random.nextInt(0x5f);
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private static String commandIdOf(ProducerRecord<String, byte[]> record) {
        return CODEC.decode(record.topic(), record.value(), Command.class).getCommandId();
    }

    private ProducerRecord<String, byte[]> command(Command command, boolean ceIdHeader) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(commandsTopic, command.getPbxId(),
                CODEC.encode(commandsTopic, command));
        if (ceIdHeader) {
            record.headers().add(CloudEventHeaders.ID, command.getCommandId().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private ProducerRecord<String, byte[]> undecodable(Random random, String id, Ledger ledger) {
        byte[] value;
        boolean announced = random.nextBoolean();
        switch (random.nextInt(6)) {
            case 0 -> {
                value = new byte[random.nextInt(300)];
                random.nextBytes(value);
                if (value.length > 0 && value[0] == '{') {
                    value[0] = 0;
                }
            }
            case 1 -> { // a valid frame header, then garbage
                byte[] good = CODEC.encode(commandsTopic, vendorQuery(id, "m" + id, "").build());
                value = Arrays.copyOf(good, 11 + random.nextInt(40));
                for (int i = 11; i < value.length; i++) {
                    value[i] = (byte) random.nextInt(256);
                }
                value[10] = 0x01; // command_id's length: -1 in Avro's zig-zag, so it can never decode by chance
            }
            case 2 -> { // truncated
                byte[] good = CODEC.encode(commandsTopic, vendorQuery(id, "m" + id, "").build());
                value = Arrays.copyOf(good, 1 + random.nextInt(good.length - 1));
            }
            case 3 -> { // JSON instead of Avro: its command_id is recovered
                value = new JsonObject().put("command_id", id).put("pbx_id", PBX_ID).put("action", "DIAL").encode()
                        .getBytes(StandardCharsets.UTF_8);
                announced = true;
                ledger.expect(id, Set.of(CommandStatus.INVALID));
            }
            case 4 -> value = null; // tombstone
            default -> value = new byte[0];
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(commandsTopic, random.nextBoolean() ? PBX_ID : null, value);
        if (announced) {
            record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
            ledger.results.putIfAbsent(id, 1);
            ledger.statuses.putIfAbsent(id, Set.of(CommandStatus.INVALID));
        } else {
            ledger.unannouncedUndecodable++;
        }
        ledger.never.add("m" + id);
        return record;
    }

    // ------------------------------------------------------------------ checking

    /** What a round broke; empty when every invariant held. */
    public record Verdict(Ledger ledger, int results, int deadLetters, List<String> violations) {
    }

    /** Waits until the round's outcomes are in (or {@code timeout}), then checks them. */
    public Verdict verify(Ledger ledger, Duration timeout) throws InterruptedException {
        int expectedResults = ledger.results.values().stream().mapToInt(Integer::intValue).sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        String ids = ledger.round + "-";
        while (System.nanoTime() < deadline && (collector.results(ids).size() < expectedResults
                || collector.deadLetters(ledger.deadLetters).size() < ledger.deadLetters.size())) {
            Thread.sleep(50);
        }
        Thread.sleep(500); // anything extra (a second result) arrives now or never shows
        List<String> violations = new ArrayList<>();
        List<CommandResult> results = collector.results(ids);
        Map<String, List<CommandResult>> byId = new HashMap<>();
        results.forEach(r -> byId.computeIfAbsent(r.getCommandId(), k -> new ArrayList<>()).add(r));
        ledger.results.forEach((id, count) -> {
            List<CommandResult> got = byId.getOrDefault(id, List.of());
            if (got.size() != count) {
                violations.add("command " + printable(id) + ": " + got.size() + " results, expected " + count);
            }
            got.stream().filter(r -> !ledger.statuses.get(id).contains(r.getStatus())).forEach(r -> violations.add(
                    "command " + printable(id) + ": status " + r.getStatus() + " not in " + ledger.statuses.get(id)
                            + " (" + printable(String.valueOf(r.getReason())) + ")"));
        });
        long extra = byId.entrySet().stream().filter(e -> !ledger.results.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue().size()).sum();
        if (extra > ledger.unannouncedUndecodable) {
            violations.add(extra + " results for ids nobody sent (at most " + ledger.unannouncedUndecodable
                    + " recovered from undecodable bytes allowed)");
        }
        List<String> dead = collector.deadLetters(ledger.deadLetters);
        Map<String, Long> deadCount = new HashMap<>();
        dead.forEach(d -> deadCount.merge(d, 1L, Long::sum));
        for (String where : ledger.deadLetters) {
            long n = deadCount.getOrDefault(where, 0L);
            if (n != 1) {
                violations.add("undecodable record at " + where + ": " + n + " dead letters, expected 1");
            }
        }
        Map<String, Integer> markersSeen = markersAtThePbx();
        for (String marker : ledger.once) {
            int n = markersSeen.getOrDefault(marker, 0);
            if (n != 1) {
                violations.add("executed command " + marker + " reached the PBX " + n + " times, expected once");
            }
        }
        for (String marker : ledger.never) {
            if (markersSeen.containsKey(marker)) {
                violations.add("command " + printable(marker) + " must not reach the PBX but did");
            }
        }
        return new Verdict(ledger, results.size(), dead.size(), violations);
    }

    /** Over the whole run: secrets, log volume, liveness and one last command. */
    public List<String> finalChecks() throws Exception {
        List<String> violations = new ArrayList<>();
        violations.addAll(logs.secretsSeen());
        long seconds = Math.max(1, Duration.between(started, Instant.now()).toSeconds());
        long allowed = 5 * (seconds / 10 + 2);
        if (logs.undecodableWarnings() > allowed) {
            violations.add(logs.undecodableWarnings() + " 'cannot be decoded' warnings in " + seconds
                    + " s: not rate-limited (at most " + allowed + ")");
        }
        HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.managementPort() + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (live.statusCode() != 200) {
            violations.add("/health/live answered " + live.statusCode());
        }
        String canary = "canary-" + Instant.now().toEpochMilli();
        producer.send(command(vendorQuery(canary, "m" + canary, "").build(), true)).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && collector.results(canary).isEmpty()) {
            Thread.sleep(50);
        }
        List<CommandResult> last = collector.results(canary);
        if (last.size() != 1 || last.get(0).getStatus() != CommandStatus.SUCCEEDED) {
            violations.add("the last, valid command got " + last + " instead of one SUCCEEDED result");
        }
        return violations;
    }

    int undecodableWarnings() {
        return logs.undecodableWarnings();
    }

    /** Markers in the bodies of the requests the simulator received, with how often each came. */
    private Map<String, Integer> markersAtThePbx() {
        Map<String, Integer> seen = new HashMap<>();
        for (RecordedRequest r : sim.requests()) {
            String text = r.body() != null ? r.body().encode() : String.valueOf(r.rawBody());
            int at = text.indexOf("\"m" + "r");
            while (at >= 0) {
                int end = text.indexOf('"', at + 1);
                if (end < 0) {
                    break;
                }
                seen.merge(text.substring(at + 1, end), 1, Integer::sum);
                at = text.indexOf("\"mr", end + 1);
            }
        }
        return seen;
    }

    private static String printable(String s) {
        return s.codePoints().mapToObj(cp -> cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? String.format("\\u%04x", cp)
                : new String(Character.toChars(cp))).reduce("", String::concat);
    }

    /** Forgets a verified round: what the simulator recorded and what was read back (long runs). */
    void forget(Ledger ledger) {
        sim.clearRequests();
        collector.forget(ledger.round + "-", ledger.deadLetters);
    }

    @Override
    public void close() throws Exception {
        producer.close(Duration.ofSeconds(10));
        collector.close();
        app.stopAndWait(Duration.ofSeconds(30));
        await(sim.stop());
        await(vertx.close());
        logs.detach();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ reading the topics

    /** Reads the results and dead-letter topics from the beginning, on its own thread, for the whole run. */
    static final class Collector implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private final String resultsTopic;
        private final List<CommandResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<DeadLetter> deadLetters = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong undecodable = new AtomicLong();
        private volatile boolean running = true;

        private Collector(KafkaConsumer<String, byte[]> consumer, String resultsTopic) {
            this.consumer = consumer;
            this.resultsTopic = resultsTopic;
            this.thread = new Thread(this::poll, "fuzz-collector");
            this.thread.setDaemon(true);
        }

        static Collector start(String bootstrap, String resultsTopic, String dlqTopic) {
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(resultsTopic, dlqTopic)) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Collector collector = new Collector(consumer, resultsTopic);
            collector.thread.start();
            return collector;
        }

        private void poll() {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        if (r.topic().equals(resultsTopic)) {
                            results.add(CODEC.decode(r.topic(), r.value(), CommandResult.class));
                        } else {
                            deadLetters.add(CODEC.decode(r.topic(), r.value(), DeadLetter.class));
                        }
                    } catch (RuntimeException e) {
                        undecodable.incrementAndGet();
                    }
                }
            }
            consumer.close();
        }

        /** Results whose command id starts with {@code idPrefix}. */
        List<CommandResult> results(String idPrefix) {
            synchronized (results) {
                return results.stream().filter(r -> r.getCommandId().startsWith(idPrefix)).toList();
            }
        }

        /** Locations of the command dead letters among {@code wanted}. */
        List<String> deadLetters(Set<String> wanted) {
            synchronized (deadLetters) {
                return deadLetters.stream().filter(d -> d.getSource() == DeadLetterSource.COMMAND)
                        .map(d -> String.valueOf(d.getSourceDetail())).filter(wanted::contains).toList();
            }
        }

        void forget(String idPrefix, Set<String> deadLetterLocations) {
            results.removeIf(r -> r.getCommandId().startsWith(idPrefix));
            deadLetters.removeIf(d -> deadLetterLocations.contains(String.valueOf(d.getSourceDetail())));
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    // ------------------------------------------------------------------ watching the logs

    /** Every log event of the process while the fuzz runs: secrets, and how many undecodable warnings. */
    static final class LogWatch extends AppenderBase<ILoggingEvent> {
        private final List<String> secrets;
        private final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger undecodable = new AtomicInteger();

        private LogWatch(List<String> secrets) {
            this.secrets = secrets;
        }

        static LogWatch attach(List<String> secrets) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            LogWatch watch = new LogWatch(secrets);
            watch.setContext(context);
            watch.start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(watch);
            return watch;
        }

        @Override
        protected void append(ILoggingEvent event) {
            String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : " " + event.getThrowableProxy().getMessage());
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    seen.add("a secret in the log: " + event.getLoggerName() + " " + event.getLevel());
                }
            }
            if (text.contains("cannot be decoded")) {
                undecodable.incrementAndGet();
            }
        }

        List<String> secretsSeen() {
            return List.copyOf(seen);
        }

        int undecodableWarnings() {
            return undecodable.get();
        }

        void detach() {
            Logger root = ((LoggerContext) getContext()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAppender(this);
            stop();
        }
    }
}
