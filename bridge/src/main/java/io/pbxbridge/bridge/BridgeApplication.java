package io.pbxbridge.bridge;

import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.management.BridgeMetrics;
import io.pbxbridge.bridge.management.KafkaReadinessCheck;
import io.pbxbridge.bridge.management.ManagementServer;
import io.pbxbridge.bridge.management.ReadinessChecks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running bridge: owns the Vert.x instance, the metrics registry, Kafka and the management
 * server. {@link #start()} brings them up in dependency order; {@link #stop()} takes them down in
 * reverse (stop accepting, flush and close, then Vert.x), bounded in time.
 */
public final class BridgeApplication {
    private static final Logger log = LoggerFactory.getLogger(BridgeApplication.class);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    static final Duration KAFKA_CHECK_TIMEOUT = Duration.ofSeconds(3);

    private final BridgeConfig config;
    private final BridgeMetrics metrics;
    private final Vertx vertx;
    private final ReadinessChecks readiness;
    private final ManagementServer management;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile String kafkaBootstrap;
    private volatile Admin admin;
    private volatile Future<Void> stopped;
    /**
     * Completed once stop() has finished, whoever called it (shutdown hook, test, command). Context-less,
     * so its listeners still run after Vert.x (and every context) is gone.
     */
    private final Promise<Void> terminated = Promise.promise();

    public BridgeApplication(BridgeConfig config) {
        this.config = config;
        this.metrics = new BridgeMetrics(config.instanceId());
        this.vertx = metrics.newVertx(new VertxOptions());
        this.readiness = new ReadinessChecks(vertx);
        this.management = new ManagementServer(vertx, config.management(), metrics, readiness);
    }

    /** Starts Kafka (or connects to it) and then the management server. */
    public Future<Void> start() {
        return startKafka()
                .compose(bootstrap -> {
                    kafkaBootstrap = bootstrap;
                    return management.start();
                })
                .mapEmpty();
    }

    /**
     * Brings Kafka up and registers its readiness check; the Future carries the bootstrap servers.
     *
     * <p>LEAD: wire the Kafka layer here ({@code io.pbxbridge.bridge.kafka}): start EmbeddedKafka when
     * {@code config.kafka().embeddedBroker()}, run TopicProvisioner, publish schemas, create the
     * KafkaRecordPublisher. What exists now: an external cluster's reachability and topic presence
     * feed {@code /health/ready} through an Admin client.
     */
    private Future<String> startKafka() {
        if (config.kafka().embeddedBroker()) {
            return Future.failedFuture(new IllegalStateException(
                    "the embedded Kafka broker is not available in this build; set kafka.bootstrap_servers"));
        }
        String bootstrap = config.kafka().bootstrapServers();
        // Admin.create resolves host names: keep it off the event loop.
        return vertx.executeBlocking(() -> {
            Map<String, Object> props = new HashMap<>(config.kafka().commonClientProperties(bootstrap));
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pbx-bridge-admin-" + config.instanceId());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_CHECK_TIMEOUT.toMillis());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_CHECK_TIMEOUT.toMillis());
            // While Kafka is down the client logs each failed connect; back off so the log stays readable.
            props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
            return Admin.create(props);
        }, false).map(created -> {
            admin = created;
            readiness.register(new KafkaReadinessCheck(vertx, created,
                    KafkaReadinessCheck.bridgeTopics(config.kafka().topicPrefix()), KAFKA_CHECK_TIMEOUT));
            return bootstrap;
        });
    }

    /**
     * Graceful stop, idempotent: stop accepting (management server), close Kafka clients, close Vert.x.
     * Each step is attempted even when an earlier one fails.
     */
    public synchronized Future<Void> stop() {
        if (stopped != null) {
            return stopped;
        }
        stopping.set(true);
        log.info("Stopping bridge");
        stopped = terminated.future();
        management.stop()
                .eventually(this::closeKafka)
                .onComplete(ignored -> {
                    // Closing Vert.x from one of its own threads would leave the close Future unable to
                    // report back (its event loop is gone), so close it from a plain thread.
                    Thread closer = new Thread(() -> vertx.close().onComplete(ar -> {
                        metrics.close();
                        log.info("Bridge stopped");
                        terminated.complete();
                    }), "pbx-bridge-vertx-close");
                    closer.setDaemon(true);
                    closer.start();
                });
        return stopped;
    }

    /** Stops and waits at most {@code timeout}; for shutdown hooks and tests. */
    public void stopAndWait(Duration timeout) {
        try {
            stop().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("Bridge did not stop within {} ms; exiting anyway", timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("Bridge stopped with an error: {}", e.getCause().getMessage());
        }
    }

    /** Runs {@link #stopAndWait} on SIGTERM / Ctrl-C. Returns the hook so a caller can remove it. */
    public Thread registerShutdownHook(Duration timeout) {
        Thread hook = new Thread(() -> stopAndWait(timeout), "pbx-bridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private Future<Void> closeKafka() {
        Admin a = admin;
        if (a == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            a.close(Duration.ofSeconds(2));
            return null;
        }, false);
    }

    /** Completes after {@link #stop()} has finished; the run command blocks on it. */
    public Future<Void> whenStopped() {
        return terminated.future();
    }

    public BridgeConfig config() {
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    public ReadinessChecks readiness() {
        return readiness;
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    /** The bound management port (the configured one, or the one picked for port 0). */
    public int managementPort() {
        return management.actualPort();
    }

    /** Bootstrap servers in use; null before {@link #start()} completed. */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public boolean isStopping() {
        return stopping.get();
    }
}
