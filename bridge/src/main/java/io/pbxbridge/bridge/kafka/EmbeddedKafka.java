package io.pbxbridge.bridge.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka (KRaft, combined broker and controller) for running the bridge when no Kafka is
 * configured. Storage is formatted on first start; the cluster id lives in the data directory's
 * {@code meta.properties}, so a restart on the same directory keeps topics and records.
 *
 * <p>{@link #start} and {@link #close} block for a few seconds: call them from the main thread or a
 * worker, never from an event loop.
 */
public final class EmbeddedKafka implements AutoCloseable {
    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 9092;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Log directories of brokers running in this JVM. Probing their {@code .lock} would be wrong: closing
     * any channel on the file drops the JVM's POSIX lock on it.
     */
    private static final Set<Path> RUNNING = ConcurrentHashMap.newKeySet();

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final Path logDir;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, Path logDir, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker on {@code localhost:port} ({@code 0} = a free ephemeral port) with data in {@code dataDir}. */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * As {@link #start(Path, int)}, with extra broker properties (e.g. {@code log.retention.hours}) that
     * override the defaults.
     */
    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("embedded Kafka port must be 0..65535, was " + port);
        }
        EmbeddedKafkaLogging.quiet();
        Path absolute = dataDir.toAbsolutePath().normalize();
        Path logDir = absolute.resolve("kraft");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot create embedded Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
        // Kafka's own errors for these two are slow (a half-started server shuts down) and cryptic.
        if (!RUNNING.add(logDir)) {
            throw inUse(logDir, null);
        }
        try {
            requireDataDirFree(logDir);
            if (port != 0) {
                requirePortFree(port);
            }
            return startFormatted(absolute, logDir, port, overrides);
        } catch (RuntimeException e) {
            RUNNING.remove(logDir);
            throw e;
        }
    }

    private static EmbeddedKafka startFormatted(Path absolute, Path logDir, int port, Map<String, String> overrides) {
        // The controller listener must have a concrete port: the static quorum voter list names it.
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Properties props = brokerProperties(logDir, brokerPort, controllerPort);
        props.putAll(overrides);
        formatIfNeeded(props, absolute, logDir);
        KafkaConfig config = KafkaConfig.fromProps(props, false);

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        String bootstrap = DEFAULT_HOST + ":" + brokerPort;
        try {
            server.startup();
            awaitReady(bootstrap);
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw new EmbeddedKafkaException("embedded Kafka did not start on " + bootstrap + " (data " + absolute + "): "
                    + rootMessage(e), e);
        }
        LOG.info("Embedded Kafka (KRaft, single node) listening on {} with data in {}", bootstrap, absolute);
        return new EmbeddedKafka(server, absolute, logDir, bootstrap);
    }

    /** {@code host:port} for Kafka clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and controller and waits until their threads have ended. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            RUNNING.remove(logDir);
        }
        LOG.info("Embedded Kafka on {} stopped", bootstrapServers);
    }

    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + DEFAULT_HOST + ":" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://" + DEFAULT_HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + DEFAULT_HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + DEFAULT_HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic must be satisfiable by a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        // The bridge provisions its topics itself; a typo must not silently create a topic.
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /**
     * Formats like {@code kafka-storage.sh format} (the tool's stable entry point), with a static quorum
     * of this one node. The properties file stays in the data directory for operators to inspect.
     */
    private static void formatIfNeeded(Properties props, Path dataDir, Path logDir) {
        if (Files.exists(logDir.resolve(META_PROPERTIES))) {
            return; // formatted before: keep its cluster id and data
        }
        Path propsFile = dataDir.resolve("server.properties");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            try (Writer writer = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
                props.store(writer, "embedded Kafka of pbx-kafka-bridge (written at format time)");
            }
            int exit = StorageTool.execute(new String[]{"format", "--config", propsFile.toString(),
                    "--cluster-id", Uuid.randomUuid().toString()}, print);
            if (exit != 0) {
                throw new EmbeddedKafkaException("kafka-storage format exited with " + exit + ": "
                        + out.toString(StandardCharsets.UTF_8).trim(), null);
            }
        } catch (EmbeddedKafkaException e) {
            throw e;
        } catch (Exception e) {
            throw new EmbeddedKafkaException("cannot format embedded Kafka storage in " + logDir + ": " + e.getMessage()
                    + " " + out.toString(StandardCharsets.UTF_8).trim(), e);
        }
    }

    /** The broker unfences asynchronously after startup(); wait until a client sees it. */
    private static void awaitReady(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted while waiting for embedded Kafka", e);
        } catch (Exception e) {
            throw new EmbeddedKafkaException("embedded Kafka not reachable on " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    private static void requirePortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(DEFAULT_HOST, port));
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot start embedded Kafka: port " + port + " on " + DEFAULT_HOST
                    + " is in use (another Kafka?): " + e.getMessage(), e);
        }
    }

    /** Kafka holds a file lock on {@code .lock} in every log directory while it runs. */
    private static void requireDataDirFree(Path logDir) {
        try (FileChannel channel = FileChannel.open(logDir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(logDir, null); // held by another process
            }
            lock.release();
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot lock embedded Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedKafkaException inUse(Path logDir, Throwable cause) {
        return new EmbeddedKafkaException("cannot start embedded Kafka: data directory " + logDir
                + " is in use by another Kafka", cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(DEFAULT_HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot find a free port for embedded Kafka: " + e.getMessage(), e);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debug("embedded Kafka shutdown after failed start", e);
        }
    }
}
