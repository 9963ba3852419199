package io.pbxbridge.bridge.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.kafka.EmbeddedKafka;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load harness (not part of the default test run): the Grandstream event path. One simulated UCM with
 * many extensions generates calls as fast as it can ({@code load.calls} per second, at most 1000); every
 * call is a run of WebSocket notify frames (ActiveCallStatus, ExtensionStatus, ...) that one bridge
 * session normalizes and publishes to the embedded broker. Prints the frames/s the simulator sent, the
 * records/s Kafka acknowledged, the most events the session held unacknowledged and how many it had to
 * drop (its buffer is bounded).
 *
 * <pre>./mvnw -B -pl bridge -am verify -Dgroups=load -Dtest.excludedGroups=none -Dtest=UcmEventLoadHarness \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dload.calls=1000 -Dload.seconds=20
 * cat bridge/target/ucm-event-load.txt</pre>
 */
@Tag("load")
class UcmEventLoadHarness {
    private static final double CALLS = Double.parseDouble(System.getProperty("load.calls", "1000"));
    private static final int SECONDS = Integer.getInteger("load.seconds", 20);
    private static final int WARMUP_SECONDS = Integer.getInteger("load.warmup", 10);
    private static final int EXTENSIONS = Integer.getInteger("load.extensions", 500);

    @Test
    void framesPerSecondThroughOneSession(@TempDir Path dir) throws Exception {
        int kafkaPort;
        try (ServerSocket s = new ServerSocket(0)) {
            kafkaPort = s.getLocalPort();
        }
        Vertx vertx = Vertx.vertx();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort);
        UcmSimulator ucm = Await.result(UcmSimulator.start(vertx, new UcmSimulatorOptions().host("127.0.0.1").port(0)
                .apiUser("cdrapi", Secret.of("ucm-api-pw")).webUser("admin", Secret.of("ucm-web-pw"))
                .extensions(EXTENSIONS, 1000)));
        BridgeApplication app = new BridgeApplication(ConfigLoader.parse("""
                instance_id: ucm-load
                kafka: {bootstrap_servers: "%s", topic_prefix: "load.", partitions: 6}
                ingress: {host: 127.0.0.1, port: 0, public_base_url: "http://127.0.0.1:0"}
                management: {host: 127.0.0.1, port: 0, per_pbx_metrics: true}
                pbxes:
                  - id: ucm
                    vendor: grandstream-ucm
                    api_url: "%s://127.0.0.1:%d"
                    username: cdrapi
                    password: ucm-api-pw
                    report_secret: ucm-load-report-secret
                    tls: {insecure: true}
                    options: {cdr_enabled: "false", state_dir: "%s", ws_username: admin, ws_password: ucm-web-pw}
                """.formatted(kafka.bootstrapServers(), ucm.scheme(), ucm.port(), dir.resolve("state")), Map.of()));
        app.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        Await.until("UCM session up and subscribed", () -> ucm.webSocketSessions() > 0
                && app.sessions().session("ucm").map(s -> s.state() == SessionState.UP).orElse(false));
        Counter acked = app.metrics().registry().get("pbx.bridge.kafka.records").tag("outcome", "sent").counter();
        Gauge buffered = app.metrics().registry().get("pbx_session_buffered_events").tag("pbx", "ucm").gauge();

        ucm.startTraffic(CALLS);
        Thread.sleep(WARMUP_SECONDS * 1000L);
        long framesBefore = ucm.notifyFramesSent();
        double ackedBefore = acked.count();
        double maxBuffered = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
        while (System.nanoTime() < end) {
            maxBuffered = Math.max(maxBuffered, buffered.value());
            Thread.sleep(20);
        }
        long frames = ucm.notifyFramesSent() - framesBefore;
        double records = acked.count() - ackedBefore;
        double elapsed = (System.nanoTime() - start) / 1e9;
        ucm.stopTraffic();
        // Whatever the session still holds drains once the calls stop.
        Await.until("session buffer drained", () -> buffered.value() == 0);
        long dropped = droppedEvents(kafka.bootstrapServers(), "load.system");

        String report = String.format("""
                UCM event load: 1 simulated UCM (%d extensions) generating %.0f calls/s, %d s measured after %d s warm-up,
                one bridge session, embedded Kafka (acks=all, idempotent)
                  WebSocket notify frames sent : %d (%.0f frames/s)
                  records Kafka acknowledged   : %.0f (%.0f records/s)
                  session buffer               : at most %.0f events waiting for Kafka; %d events dropped (EVENTS_DROPPED)
                  machine                      : %d cores, JVM %s (simulator, bridge and broker in one JVM)
                """, EXTENSIONS, CALLS, SECONDS, WARMUP_SECONDS, frames, frames / elapsed, records, records / elapsed,
                maxBuffered, dropped, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println(report);
        Files.writeString(Path.of("target", "ucm-event-load.txt"), report);

        app.stopAndWait(Duration.ofSeconds(20));
        Await.result(ucm.stop());
        Await.result(vertx.close());
        kafka.close();
        assertThat(frames).as("frames sent while measuring").isPositive();
        assertThat(records).as("records acknowledged while measuring").isPositive();
    }

    /** Events the session reported dropped: the highest {@code dropped_total} of its EVENTS_DROPPED records. */
    private static long droppedEvents(String bootstrap, String topic) {
        SingleObjectCodec codec = new SingleObjectCodec();
        long dropped = 0;
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    PbxEvent event = codec.decode(topic, r.value(), PbxEvent.class);
                    if (event.getType() == PbxEventType.EVENTS_DROPPED) {
                        dropped = Math.max(dropped, Long.parseLong(event.getAttributes().getOrDefault("dropped_total", "0")));
                    }
                }
            }
        }
        return dropped;
    }
}
