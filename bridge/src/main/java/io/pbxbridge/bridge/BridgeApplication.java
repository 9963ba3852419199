package io.pbxbridge.bridge;

import io.micrometer.core.instrument.Gauge;
import io.pbxbridge.bridge.capture.CaptureRecorders;
import io.pbxbridge.bridge.command.CommandConsumer;
import io.pbxbridge.bridge.command.CommandSettings;
import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.config.IngressConfig;
import io.pbxbridge.bridge.demo.DemoPbxes;
import io.pbxbridge.bridge.ingress.IngressSettings;
import io.pbxbridge.bridge.ingress.ReportIngressServer;
import io.pbxbridge.bridge.kafka.KafkaRuntime;
import io.pbxbridge.bridge.management.BridgeMetrics;
import io.pbxbridge.bridge.management.BuildInfo;
import io.pbxbridge.bridge.management.IngressReadinessCheck;
import io.pbxbridge.bridge.management.KafkaReadinessCheck;
import io.pbxbridge.bridge.management.ManagementServer;
import io.pbxbridge.bridge.management.ReadinessChecks;
import io.pbxbridge.bridge.management.SessionsReadinessCheck;
import io.pbxbridge.bridge.session.PbxFleet;
import io.pbxbridge.bridge.session.ReportFollower;
import io.pbxbridge.bridge.session.SessionMetrics;
import io.pbxbridge.bridge.session.SessionSupervisor;
import io.pbxbridge.bridge.status.StatusPage;
import io.pbxbridge.bridge.tail.EventLines;
import io.pbxbridge.bridge.tail.TopicTail;
import io.pbxbridge.bridge.reload.ConfigWatcher;
import io.pbxbridge.bridge.reload.FleetReload;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.LoginThrottle;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One running bridge: owns the Vert.x instance, the metrics registry, Kafka, the report ingress, the
 * PBX sessions and the management server. {@link #start()} brings them up in dependency order;
 * {@link #stop()} takes them down in reverse (stop accepting, log out, flush and close, then Vert.x),
 * bounded in time. In demo mode (no configuration) it first starts simulated PBXes on loopback.
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
    private final boolean demo;
    private final boolean perPbxMetrics;
    private final BridgeInfo bridgeInfo;
    private final List<PbxConfig> pbxes = new ArrayList<>();
    private volatile DemoPbxes demoPbxes;
    private volatile KafkaRuntime kafka;
    private volatile ReportIngressServer ingress;
    private volatile SessionSupervisor sessions;
    private volatile PbxFleet fleet;
    private volatile int ingressPort = -1;
    private volatile TopicTail tail;
    private volatile CommandConsumer commands;
    private volatile ReportFollower follower;
    private volatile SessionMetrics sessionMetrics;
    private volatile StatusPage status;
    private volatile CaptureRecorders captures;
    private volatile FleetReload reload;
    private volatile ConfigWatcher watcher;
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
        this(config, false);
    }

    /**
     * @param demo also start simulated PBXes on loopback and connect them (the no-configuration run), with per-PBX
     *             series (two PBXes, whose series the README shows)
     */
    public BridgeApplication(BridgeConfig config, boolean demo) {
        this(config, demo, demo || config.management().perPbxMetrics());
    }

    /**
     * @param demo          also start simulated PBXes on loopback and connect them
     * @param perPbxMetrics per-PBX series ({@code management.per_pbx_metrics}); else fleet level
     */
    public BridgeApplication(BridgeConfig config, boolean demo, boolean perPbxMetrics) {
        this.config = config;
        this.demo = demo;
        this.perPbxMetrics = perPbxMetrics;
        this.bridgeInfo = new BridgeInfo(BuildInfo.version(), config.instanceId());
        this.pbxes.addAll(config.pbxes());
        this.metrics = new BridgeMetrics(config.instanceId(), perPbxMetrics());
        metrics.pbxLabels().vendors(id -> {
            PbxFleet f = fleet;
            return f == null ? null : f.vendor(id);
        });
        config.pbxes().forEach(p -> metrics.namePbxPool(p.apiUrl(), p.id()));
        this.vertx = metrics.newVertx(new VertxOptions());
        this.readiness = new ReadinessChecks(vertx);
        this.management = new ManagementServer(vertx, config.management(), metrics, readiness);
    }

    /** Starts (demo PBXes,) Kafka, the report ingress, the PBX sessions, then the management server. */
    public Future<Void> start() {
        return startDemo()
                .compose(v -> startKafka())
                .compose(bootstrap -> {
                    kafkaBootstrap = bootstrap;
                    return startPbxes();
                })
                .compose(v -> startStatus())
                .compose(v -> management.start())
                .onSuccess(v -> {
                    if (demoPbxes != null) {
                        demoPbxes.startTraffic();
                    }
                })
                .mapEmpty();
    }

    private Future<Void> startDemo() {
        if (!demo) {
            return Future.succeededFuture();
        }
        Path stateDir = config.kafka().embedded().dataDir().toAbsolutePath().getParent().resolve("state");
        return DemoPbxes.start(vertx, stateDir).map(d -> {
            demoPbxes = d;
            pbxes.addAll(d.pbxes());
            d.pbxes().forEach(p -> metrics.namePbxPool(p.apiUrl(), p.id()));
            return null;
        });
    }

    /**
     * Capture files of recorded PBXes first (their traffic from the first report on), the ingress next (its
     * port goes into the report URL each PBX is given), then the command consumer: joining its group decides
     * which PBXes this instance owns, and only owned PBXes get a session.
     */
    private Future<Void> startPbxes() {
        return vertx.executeBlocking(() -> CaptureRecorders.open(pbxes, config.recordings(), bridgeInfo,
                metrics.registry()), false).compose(opened -> {
            captures = opened;
            return startFleet();
        });
    }

    private boolean perPbxMetrics() {
        return perPbxMetrics;
    }

    private Future<Void> startFleet() {
        boolean perPbx = perPbxMetrics();
        sessionMetrics = new SessionMetrics(metrics.registry(), Connectors.all().stream().map(PbxConnector::id).toList(),
                id -> {
                    PbxFleet f = fleet;
                    return f == null ? null : f.vendor(id);
                }, perPbx);
        fleet = new PbxFleet(vertx, pbxes, kafka.publisher(), bridgeInfo, sessionMetrics, loginThrottle(),
                captures::recorder);
        sessions = new SessionSupervisor(vertx, fleet::newSession, fleet::sessionStopped);
        sessionMetrics.bufferedEvents(sessions);
        IngressConfig in = config.ingress();
        ingress = new ReportIngressServer(vertx, IngressSettings.of(in), fleet.routes(), kafka.publisher(), bridgeInfo,
                metrics.registry()).failFastWhileDown(kafka.writability());
        follower = new ReportFollower(vertx, new TopicTail(vertx, kafka.clientProperties(), kafka.codec()), sessions,
                kafka::topic, kafka.publisher(), record -> {
                    StatusPage page = status;
                    if (page != null) {
                        page.fromOtherInstance(record);
                    }
                });
        return follower.start().compose(v -> ingress.start()).compose(port -> {
            ingressPort = port;
            readiness.register(new IngressReadinessCheck(ingress::refusingEverything));
            fleet.reportBaseUrl(reportBaseUrl(in, port));
            commands = new CommandConsumer(vertx, commandSettings(), fleet.ids(), sessions, kafka.publisher(),
                    kafka.codec(), bridgeInfo, metrics.registry());
            readiness.register(new SessionsReadinessCheck(commands, sessions));
            reload = new FleetReload(config, fleet, commands, kafka.publisher(), bridgeInfo, metrics.registry());
            return commands.start();
        });
    }

    /** The status page on the management port, fed by what this instance publishes (the owned PBXes' records only). */
    private Future<Void> startStatus() {
        status = new StatusPage(vertx, bridgeInfo, metrics.registry(),
                new StatusPage.Fleet(fleet::configs, id -> sessions.session(id).isPresent(), sessionMetrics::stateSince,
                        sessionMetrics::countsByState),
                new StatusPage.Kafka(kafka.publisher(), kafka::topic, admin,
                        config.commands().groupId()));
        management.addPage(status::routes);
        return status.start();
    }

    /** {@code sessions.*}: one throttle for every session's logins, with its gauges. */
    private LoginThrottle loginThrottle() {
        LoginThrottle logins = new LoginThrottle(config.sessions().maxConcurrentLogins(), config.sessions().startJitter());
        Gauge.builder("pbx_session_logins_in_flight", logins, LoginThrottle::inFlight)
                .description("PBX login exchanges in progress (at most sessions.max_concurrent_logins)")
                .register(metrics.registry());
        Gauge.builder("pbx_session_logins_waiting", logins, LoginThrottle::waiting)
                .description("PBX sessions waiting for their turn to log in").register(metrics.registry());
        return logins;
    }

    private CommandSettings commandSettings() {
        Map<String, String> consumerProps = new HashMap<>();
        kafka.clientProperties().forEach((k, v) -> consumerProps.put(k, String.valueOf(v)));
        config.groupInstanceId().ifPresentOrElse(
                id -> consumerProps.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id),
                () -> {
                    if (config.instanceIdConfigured() && config.commands().staticMembership()) {
                        log.warn("instance_id '{}' is not a valid Kafka group.instance.id (letters, digits, '.', '_', '-',"
                                + " at most 249): dynamic membership in the command group", config.instanceId());
                    }
                });
        consumerProps.putAll(config.kafka().consumer());
        return CommandSettings.of(config.commands(), config.kafka().topicPrefix(), consumerProps);
    }


    /** The configured public URL, with the bound port when the port was picked at start; loopback in demo mode. */
    private URI reportBaseUrl(IngressConfig in, int boundPort) {
        if (demo) {
            return URI.create("http://127.0.0.1:" + boundPort);
        }
        URI base = in.publicBaseUrl();
        if (in.port() == 0 && base.getPort() == 0) {
            return URI.create(base.getScheme() + "://" + base.getHost() + ":" + boundPort + base.getRawPath());
        }
        return base;
    }

    /** Brings Kafka up (embedded when none is configured) and registers its readiness check. */
    private Future<String> startKafka() {
        return KafkaRuntime.start(vertx, config.kafka(), config.codec(), metrics.registry())
                .compose(runtime -> {
                    kafka = runtime;
                    // Admin.create resolves host names: keep it off the event loop.
                    return vertx.executeBlocking(() -> {
                        Map<String, Object> props = new HashMap<>(runtime.clientProperties());
                        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pbx-bridge-admin-" + config.instanceId());
                        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_CHECK_TIMEOUT.toMillis());
                        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_CHECK_TIMEOUT.toMillis());
                        // While Kafka is down the client logs each failed connect; back off so the log stays readable.
                        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
                        return Admin.create(props);
                    }, false);
                })
                .map(created -> {
                    admin = created;
                    readiness.register(new KafkaReadinessCheck(vertx, created,
                            KafkaReadinessCheck.bridgeTopics(config.kafka().topicPrefix()), KAFKA_CHECK_TIMEOUT,
                            kafka.writability()::whyDown));
                    return kafka.bootstrapServers();
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
        if (watcher != null) {
            watcher.stop();
        }
        stopTail()
                .eventually(() -> status == null ? Future.succeededFuture() : status.stop())
                .eventually(this::stopIngress)
                .eventually(this::stopSessions)
                .eventually(this::closeCaptures)
                .eventually(management::stop)
                .eventually(this::closeKafka)
                .eventually(this::stopDemo)
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

    /**
     * Prints every new call event, CDR and system event as one readable line (the demo's live view).
     * The tail reads Kafka like any consumer would, so what it shows is what downstream services get.
     */
    public Future<Void> tailEvents(Consumer<String> lines) {
        tail = new TopicTail(vertx, kafka.clientProperties(), kafka.codec());
        Map<String, BridgeTopic> topics = new LinkedHashMap<>();
        for (BridgeTopic t : List.of(BridgeTopic.CALL_EVENTS, BridgeTopic.CDR, BridgeTopic.SYSTEM,
                BridgeTopic.COMMAND_RESULTS)) {
            topics.put(kafka.topic(t), t);
        }
        return tail.start(topics, false, r -> true, r -> lines.accept(EventLines.format(r)),
                problem -> log.warn("tail: {}", problem));
    }

    private Future<Void> stopTail() {
        return tail == null ? Future.succeededFuture() : tail.close();
    }

    private Future<Void> stopIngress() {
        return ingress == null ? Future.succeededFuture() : ingress.stop();
    }

    /** Leaves the command group (finishing in-flight commands), then logs every session out. */
    private Future<Void> stopSessions() {
        Future<Void> unfollow = follower == null ? Future.succeededFuture() : follower.stop();
        Future<Void> leave = unfollow.eventually(() -> commands == null ? Future.succeededFuture() : commands.stop());
        return leave.eventually(() -> sessions == null ? Future.succeededFuture() : sessions.stopAll());
    }

    /** After the ingress and the sessions: nothing more to record. */
    private Future<Void> closeCaptures() {
        CaptureRecorders c = captures;
        return c == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
            c.close();
            return null;
        }, false);
    }

    private Future<Void> stopDemo() {
        return demoPbxes == null ? Future.succeededFuture() : demoPbxes.stop();
    }

    private Future<Void> closeKafka() {
        Admin a = admin;
        Future<Void> closeAdmin = a == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
            a.close(Duration.ofSeconds(2));
            return null;
        }, false);
        return closeAdmin.eventually(() -> kafka == null ? Future.succeededFuture() : kafka.close());
    }

    /**
     * Applies a new configuration (already validated): the {@code pbxes} list at once — only the PBXes whose entries
     * changed are started, stopped or restarted — other settings after a restart (logged). Call one at a time
     * ({@link #watchConfig} does).
     */
    public Future<FleetReload.Outcome> reload(BridgeConfig next) {
        FleetReload r = reload;
        if (r == null || stopping.get()) {
            return Future.failedFuture(new IllegalStateException("the bridge is not running"));
        }
        next.pbxes().forEach(p -> metrics.namePbxPool(p.apiUrl(), p.id()));
        return r.apply(next);
    }

    /**
     * Reloads {@code file} on SIGHUP and when it changes ({@code config_watch_interval}); {@code adjust} adds what
     * the command line adds to a loaded configuration. Call once, after {@link #start()}.
     */
    public ConfigWatcher watchConfig(Path file, java.util.function.UnaryOperator<BridgeConfig> adjust) {
        ConfigWatcher w = new ConfigWatcher(vertx, file, config.configWatchInterval(), adjust, this::reload,
                metrics.registry());
        w.start();
        watcher = w;
        return w;
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

    /** The bound report ingress port; -1 before {@link #start()} completed. */
    public int ingressPort() {
        return ingressPort;
    }

    /** Every PBX this bridge serves (configured plus demo simulators; the running fleet once started). */
    public List<PbxConfig> pbxes() {
        PbxFleet f = fleet;
        return f == null ? List.copyOf(pbxes) : f.configs();
    }

    /** The configured PBXes as running (reloads included); null before {@link #start()} reached them. */
    public PbxFleet fleet() {
        return fleet;
    }

    /** Session meters (states, keep-alive lateness); null before {@link #start()} reached the PBXes. */
    public SessionMetrics sessionMetrics() {
        return sessionMetrics;
    }

    /** The demo simulators, when running without configuration. */
    public DemoPbxes demoPbxes() {
        return demoPbxes;
    }

    public CommandConsumer commands() {
        return commands;
    }

    public SessionSupervisor sessions() {
        return sessions;
    }

    public KafkaRuntime kafka() {
        return kafka;
    }

    /** The capture writers of recorded PBXes; null before {@link #start()} reached the PBXes. */
    public CaptureRecorders captures() {
        return captures;
    }

    public boolean isStopping() {
        return stopping.get();
    }
}
