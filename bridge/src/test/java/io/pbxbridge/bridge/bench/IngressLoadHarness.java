package io.pbxbridge.bridge.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.kafka.EmbeddedKafka;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load harness (not part of the default test run): N simulated Yeastar PBXes push reports to one
 * bridge on the embedded Kafka broker. Each PBX keeps C report POSTs going, each waiting for its
 * answer like a real PBX does. Prints sustained reports/second, client-side latency percentiles and
 * the bridge's own receipt-to-Kafka-ack percentiles ({@code pbx_report_ingress_to_ack}).
 *
 * <pre>./mvnw -B -pl bridge -am verify -Dgroups=load -Dtest.excludedGroups=none -Dtest=IngressLoadHarness -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dload.pbxes=10 -Dload.connections=4 -Dload.seconds=20</pre>
 */
@Tag("load")
class IngressLoadHarness {
    private static final int PBXES = Integer.getInteger("load.pbxes", 10);
    private static final int CONNECTIONS = Integer.getInteger("load.connections", 4);
    private static final int SECONDS = Integer.getInteger("load.seconds", 20);
    private static final int WARMUP_SECONDS = Integer.getInteger("load.warmup", 5);
    private static final String SECRET_PREFIX = "load-report-secret-";

    @Test
    void sustainedReportsPerSecond(@TempDir Path dir) throws Exception {
        int kafkaPort;
        try (ServerSocket s = new ServerSocket(0)) {
            kafkaPort = s.getLocalPort();
        }
        Vertx vertx = Vertx.vertx();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort);
        List<YeastarSimulator> sims = new ArrayList<>();
        StringBuilder pbxYaml = new StringBuilder();
        for (int i = 0; i < PBXES; i++) {
            YeastarSimulator sim = Await.result(YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder()
                    .host("127.0.0.1").port(0).apiVersion(YeastarApiVersion.V1_1_0).username("api").password("pw")
                    .build()));
            sims.add(sim);
            pbxYaml.append("""
                      - id: load-%d
                        vendor: yeastar-s
                        api_url: "%s"
                        username: api
                        password: pw
                        api_version: "1.1.0"
                        report_secret: %s%d
                    """.formatted(i, sim.baseUrl(), SECRET_PREFIX, i));
        }
        BridgeApplication app = new BridgeApplication(ConfigLoader.parse("""
                instance_id: load
                kafka: {bootstrap_servers: "%s", topic_prefix: "load.", partitions: 6}
                ingress: {host: 127.0.0.1, port: 0, public_base_url: "http://127.0.0.1:0", max_in_flight: 5000}
                management: {host: 127.0.0.1, port: 0}
                pbxes:
                %s""".formatted(kafka.bootstrapServers(), pbxYaml), Map.of()));
        app.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        int port = app.ingressPort();
        WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(PBXES * CONNECTIONS));

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        LatencyRecorder latencies = new LatencyRecorder(2_000_000);
        List<Future<Void>> loops = new ArrayList<>();
        for (int p = 0; p < PBXES; p++) {
            for (int c = 0; c < CONNECTIONS; c++) {
                loops.add(loop(vertx, client, port, p, c, running, measuring, ok, refused, latencies));
            }
        }
        Thread.sleep(WARMUP_SECONDS * 1000L);
        Timer serverTimer = app.metrics().registry().find("pbx_report_ingress_to_ack").timers().stream().findFirst()
                .orElseThrow();
        long okBefore = ok.get();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(SECONDS * 1000L);
        long okAfter = ok.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        measuring.set(false);
        running.set(false);
        Future.all(loops).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        double rate = (okAfter - okBefore) / elapsed;
        String report = String.format("""
                Ingress load: %d PBXes x %d connections, %d s measured after %d s warm-up, embedded Kafka (acks=all, idempotent)
                  reports acknowledged : %d (%.0f reports/s sustained)
                  refused (503)        : %d
                  client latency       : p50 %.2f ms, p99 %.2f ms, max %.2f ms (POST sent -> 200 received)
                  bridge receipt->ack  : p50 %.2f ms, p99 %.2f ms (pbx_report_ingress_to_ack, whole run)
                  machine              : %d cores, JVM %s
                """, PBXES, CONNECTIONS, SECONDS, WARMUP_SECONDS, okAfter - okBefore, rate, refused.get(),
                latencies.percentileMs(50), latencies.percentileMs(99), latencies.percentileMs(100),
                serverPercentileMs(serverTimer, 0.5), serverPercentileMs(serverTimer, 0.99),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println(report);
        Files.writeString(Path.of("target", "ingress-load.txt"), report);

        client.close();
        app.stopAndWait(Duration.ofSeconds(20));
        for (YeastarSimulator sim : sims) {
            Await.result(sim.stop());
        }
        Await.result(vertx.close());
        kafka.close();
        assertThat(okAfter - okBefore).as("reports acknowledged while measuring").isPositive();
    }

    private static double serverPercentileMs(Timer timer, double percentile) {
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (Math.abs(v.percentile() - percentile) < 1e-9) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    /** One PBX connection: POST, wait for the answer, POST the next report. */
    private static Future<Void> loop(Vertx vertx, WebClient client, int port, int pbx, int connection,
                                     AtomicBoolean running, AtomicBoolean measuring, AtomicLong ok,
                                     AtomicLong refused, LatencyRecorder latencies) {
        Promise<Void> done = Promise.promise();
        String path = "/report/load-" + pbx + "/" + SECRET_PREFIX + pbx;
        AtomicLong seq = new AtomicLong();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (!running.get()) {
                done.tryComplete();
                return;
            }
            long n = seq.incrementAndGet();
            String callId = (1_700_000_000L + n) + "." + connection;
            String body = switch ((int) (n % 4)) {
                case 0 -> "{\"action\":\"RING\",\"callid\":\"" + callId + "\",\"call\":[{\"ext\":{\"extid\":\"1002\"}},{\"ext\":{\"extid\":\"1001\"}}],\"sn\":\"369\"}";
                case 1 -> "{\"action\":\"ANSWER\",\"callid\":\"" + callId + "\",\"call\":[{\"ext\":{\"extid\":\"1002\"}},{\"ext\":{\"extid\":\"1001\"}}],\"sn\":\"369\"}";
                case 2 -> "{\"action\":\"BYE\",\"callid\":\"" + callId + "\",\"call\":[{\"ext\":{\"extid\":\"1001\"}},{\"ext\":{\"extid\":\"1002\"}}],\"sn\":\"369\"}";
                default -> "{\"action\":\"NewCdr\",\"callid\":\"" + callId + "\",\"timestart\":\"2026-11-26 10:00:00\",\"callfrom\":\"1001\",\"callto\":\"1002\",\"callduraction\":\"30\",\"talkduraction\":\"25\",\"status\":\"ANSWERED\",\"type\":\"Internal\",\"sn\":\"369\"}";
            };
            long t0 = System.nanoTime();
            client.post(port, "127.0.0.1", path).sendBuffer(Buffer.buffer(body)).onComplete(ar -> {
                long micros = (System.nanoTime() - t0) / 1000;
                if (ar.succeeded() && ar.result().statusCode() == 200) {
                    ok.incrementAndGet();
                    if (measuring.get()) {
                        latencies.record(micros);
                    }
                    next[0].run();
                } else {
                    refused.incrementAndGet();
                    vertx.setTimer(50, id -> next[0].run());
                }
            });
        };
        vertx.runOnContext(v -> next[0].run());
        return done.future();
    }

    /** Fixed-capacity latency samples (microseconds); percentiles by sorting once at the end. */
    private static final class LatencyRecorder {
        private final long[] samples;
        private final AtomicLong count = new AtomicLong();

        LatencyRecorder(int capacity) {
            samples = new long[capacity];
        }

        void record(long micros) {
            long i = count.getAndIncrement();
            if (i < samples.length) {
                samples[(int) i] = micros;
            }
        }

        double percentileMs(double p) {
            int n = (int) Math.min(count.get(), samples.length);
            if (n == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(samples, n);
            Arrays.sort(sorted);
            int idx = (int) Math.min(n - 1, Math.ceil(p / 100.0 * n) - 1);
            return sorted[Math.max(0, idx)] / 1000.0;
        }
    }
}
