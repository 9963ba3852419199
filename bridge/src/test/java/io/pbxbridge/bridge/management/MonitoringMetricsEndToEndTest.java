package io.pbxbridge.bridge.management;

import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.schema.CallTarget;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric the Grafana dashboard and the Prometheus alert rules under docker/ query, and every label
 * they match on, is exported by a running bridge: the demo setup (embedded Kafka, both simulated PBXes
 * placing calls) with some extra traffic — a report it cannot parse (dead letter), a report for an
 * unknown PBX (refused), a command the PBX refuses — scraped on {@code /metrics} as Prometheus would.
 * A metric renamed or removed in the code, or a new panel naming one that does not exist, fails here
 * naming the metric and the file and panel or alert that uses it.
 */
class MonitoringMetricsEndToEndTest {
    /** Series Prometheus itself makes (target health, alert state): never in a target's exposition. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds",
            "scrape_samples_scraped", "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE");
    /** Labels Prometheus attaches to every scraped series (the target's; an exported one is renamed). */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    private static final String YEASTAR_ID = "demo-yeastar";
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private static BridgeApplication app;

    @BeforeAll
    static void start() throws Exception {
        int kafkaPort;
        try (ServerSocket s = new ServerSocket(0)) {
            kafkaPort = s.getLocalPort();
        }
        app = new BridgeApplication(ConfigLoader.parse("""
                instance_id: monitoring-demo
                kafka: {embedded: {port: %d, data_dir: "%s"}}
                ingress: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                """.formatted(kafkaPort, dir.resolve("kafka")), Map.of()), true);
        app.start().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stopAndWait(Duration.ofSeconds(20));
        }
    }

    @Test
    void everyMetricAndLabelTheDashboardAndAlertsUseIsExported() throws Exception {
        List<MonitoringFiles.Expression> expressions = MonitoringFiles.expressions();
        assertThat(expressions).hasSizeGreaterThan(20);

        PbxConfig yeastar = app.pbxes().stream().filter(p -> p.id().equals(YEASTAR_ID)).findFirst().orElseThrow();
        assertThat(post("/report/" + yeastar.id() + "/" + yeastar.reportSecret().reveal(), "{not json"))
                .isEqualTo(200); // answered, and dead-lettered
        assertThat(post("/report/no-such-pbx/" + "x".repeat(24), "{}")).isEqualTo(404);
        sendHangupOfUnknownExtension("monitoring-test-" + Instant.now().toEpochMilli());
        // Micrometer's GC pause timer is created at the first collection the JVM reports.
        System.gc();

        // Meters are created with their first event (a report, a result): scrape until the simulated
        // PBXes' traffic has produced them all, then report whatever is still missing.
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<String> problems;
        Exposition exposition;
        do {
            Thread.sleep(500);
            exposition = Exposition.parse(scrape());
            problems = problems(expressions, exposition);
        } while (!problems.isEmpty() && System.nanoTime() < deadline);
        assertThat(problems).as("metrics or labels the monitoring files use that a running bridge does not export "
                + "(after %s of demo traffic)", DEADLINE).isEmpty();
        System.out.println(expressions.size() + " expressions checked against " + exposition.names().size()
                + " exported series names");
    }

    /** One line per reference to a metric or label the exposition lacks, naming the file and place. */
    private static List<String> problems(List<MonitoringFiles.Expression> expressions, Exposition exposition) {
        List<String> problems = new ArrayList<>();
        for (MonitoringFiles.Expression e : expressions) {
            List<PromQlSelectors.Selector> selectors = PromQlSelectors.of(e.expr());
            if (selectors.isEmpty()) {
                problems.add(e + ": no metric found in `" + e.expr() + "`");
            }
            for (PromQlSelectors.Selector s : selectors) {
                if (PROMETHEUS_SERIES.contains(s.metric())) {
                    continue;
                }
                if (!exposition.names().contains(s.metric())) {
                    problems.add("metric " + s.metric() + " (used in " + e + ") is not exported"
                            + exposition.similar(s.metric()));
                    continue;
                }
                s.matchers().forEach((label, value) -> {
                    // A $variable's matcher (pbx=~"$pbx", all = ".*") also matches series without the label.
                    if (!TARGET_LABELS.contains(label) && !value.contains("$")
                            && !exposition.labels(s.metric()).contains(label)) {
                        problems.add("label " + label + " of " + s.metric() + " (used in " + e + ") is not exported; "
                                + s.metric() + " has " + exposition.labels(s.metric()));
                    }
                });
                if (e.requiredLabel() != null && !TARGET_LABELS.contains(e.requiredLabel())
                        && !exposition.labels(s.metric()).contains(e.requiredLabel())) {
                    problems.add("label " + e.requiredLabel() + " of " + s.metric() + " (used in " + e
                            + ") is not exported; " + s.metric() + " has " + exposition.labels(s.metric()));
                }
            }
        }
        return problems;
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = HttpProbe.get(app.managementPort(), "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static int post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.ingressPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void sendHangupOfUnknownExtension(String commandId) throws Exception {
        Command hangup = Command.newBuilder().setCommandId(commandId).setPbxId(YEASTAR_ID)
                .setIssuedAt(Instant.now()).setExpiresAt(Instant.now().plusSeconds(60))
                .setAction(CommandAction.HANGUP)
                .setCall(CallTarget.newBuilder().setExtension("1999").build())
                .build();
        String topic = app.kafka().topic(BridgeTopic.COMMANDS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, app.kafkaBootstrap()), new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, YEASTAR_ID,
                    app.kafka().codec().encode(topic, hangup));
            record.headers().add(CloudEventHeaders.ID, commandId.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(10, TimeUnit.SECONDS);
        }
    }

    /** The series names of a Prometheus text exposition and the label names each carries. */
    record Exposition(Map<String, Set<String>> labelsByName) {
        static Exposition parse(String text) {
            Map<String, Set<String>> out = new java.util.TreeMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                int end = brace >= 0 && brace < space ? brace : space;
                Set<String> labels = out.computeIfAbsent(line.substring(0, end), n -> new TreeSet<>());
                if (end == brace) {
                    labels.addAll(labelNames(line.substring(brace + 1)));
                }
            }
            return new Exposition(out);
        }

        /** Label names of {@code a="x",b="y\"z"} ... up to the closing brace. */
        private static List<String> labelNames(String rest) {
            List<String> names = new ArrayList<>();
            int i = 0;
            while (i < rest.length() && rest.charAt(i) != '}') {
                int eq = rest.indexOf('=', i);
                names.add(rest.substring(i, eq).trim());
                i = eq + 2; // past ="
                while (rest.charAt(i) != '"') {
                    i += rest.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                if (rest.charAt(i) == ',') {
                    i++;
                }
            }
            return names;
        }

        Set<String> names() {
            return labelsByName.keySet();
        }

        Set<String> labels(String name) {
            return labelsByName.getOrDefault(name, Set.of());
        }

        /** A hint naming exported series of the same family (another suffix: _total, _count, _sum, _bucket, _max…). */
        String similar(String name) {
            String base = name.replaceAll("_(total|count|sum|bucket|max|seconds|bytes)$", "");
            List<String> like = names().stream().filter(n -> n.startsWith(base)).toList();
            return like.isEmpty() ? "" : "; exported names like it: " + like;
        }
    }
}
