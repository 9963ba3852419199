package io.pbxbridge.bridge.fuzz;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running bridge for {@link IngressFuzz} to attack, with a simulated Yeastar S and a simulated UCM as its PBXes
 * (both vendors' report routes): in this JVM ({@link #inProcess}, the suite) or as the runnable jar in a process
 * of its own ({@link #jar}, long runs: a crash, an OOM or a hang of the bridge cannot hide in the harness). The
 * fuzz reaches it only from outside: its ports, its topics, its log lines.
 */
abstract class FuzzBridge implements AutoCloseable {
    static final String YEASTAR = "fy";
    static final String UCM = "fu";
    static final String YEASTAR_SECRET = "fuzz-yeastar-report-secret-0123";
    static final String UCM_SECRET = "fuzz-ucm-report-secret-4567-89ab";
    static final String PBX_PASSWORD = "Fuzz-Ingress-Pa55-w0rd";
    static final int MAX_BODY_BYTES = 65_536;
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_LOG_LINES = 200_000;

    final Vertx vertx;
    final YeastarSimulator yeastar;
    final UcmSimulator ucm;
    final String prefix;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FuzzBridge(Vertx vertx, YeastarSimulator yeastar, UcmSimulator ucm, String prefix) {
        this.vertx = vertx;
        this.yeastar = yeastar;
        this.ucm = ucm;
        this.prefix = prefix;
    }

    abstract int ingressPort();

    abstract int managementPort();

    abstract String bootstrap();

    /** Every log line so far, as text holding its level, logger and message. */
    abstract List<String> logLines();

    abstract boolean processAlive();

    /** Resident memory of the bridge's process in KiB; -1 when unknown. */
    long residentKib() {
        return -1;
    }

    List<String> secrets() {
        return List.of(YEASTAR_SECRET, UCM_SECRET, PBX_PASSWORD);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The bridge's configuration: both PBXes, a short body timeout (slow bodies end quickly), loopback only. */
    static String yaml(String kafka, String prefix, int ingressPort, int managementPort, String yeastarUrl,
                       String ucmUrl, Path stateDir, String logFormat) {
        return """
                instance_id: ingress-fuzz
                kafka:
                %s
                  topic_prefix: "%s"
                  partitions: 3
                ingress:
                  host: 127.0.0.1
                  port: %d
                  public_base_url: "http://127.0.0.1:%d"
                  max_body_bytes: %d
                  max_in_flight: 500
                  body_timeout: %dms
                  ack_timeout: %ds
                management: {host: 127.0.0.1, port: %d, per_pbx_metrics: true}
                logging: {format: %s}
                pbxes:
                  - id: %s
                    vendor: yeastar-s
                    api_url: "%s"
                    username: api
                    password: "%s"
                    api_version: "1.1.0"
                    report_secret: %s
                  - id: %s
                    vendor: grandstream-ucm
                    api_url: "%s"
                    username: cdrapi
                    password: "%s"
                    api_version: "1.0"
                    report_secret: %s
                    options: {state_dir: "%s", cdr_enabled: "false"}
                """.formatted(kafka, prefix, ingressPort, ingressPort, MAX_BODY_BYTES, BODY_TIMEOUT.toMillis(),
                ACK_TIMEOUT.toSeconds(), managementPort, logFormat, YEASTAR, yeastarUrl, PBX_PASSWORD, YEASTAR_SECRET,
                UCM, ucmUrl, PBX_PASSWORD, UCM_SECRET, stateDir);
    }

    private static Vertx simulators(List<Object> started) throws Exception {
        Vertx vertx = Vertx.vertx();
        started.add(await(YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder().host("127.0.0.1").port(0)
                .apiVersion(YeastarApiVersion.V1_1_0).username("api").password(PBX_PASSWORD).extensions(4, 1000)
                .build())));
        started.add(await(UcmSimulator.start(vertx, new UcmSimulatorOptions().host("127.0.0.1").port(0)
                .apiUser("cdrapi", Secret.of(PBX_PASSWORD)).extensions(4, 1000))));
        return vertx;
    }

    /** The bridge in this JVM, on a broker of the caller's. */
    static FuzzBridge inProcess(String bootstrap, String prefix, Path stateDir) throws Exception {
        LogLines logs = LogLines.attach();
        List<Object> sims = new ArrayList<>();
        Vertx vertx = simulators(sims);
        YeastarSimulator yeastar = (YeastarSimulator) sims.get(0);
        UcmSimulator ucm = (UcmSimulator) sims.get(1);
        String yaml = yaml("  bootstrap_servers: \"" + bootstrap + "\"", prefix, 0, 0, yeastar.baseUrl(),
                ucm.scheme() + "://127.0.0.1:" + ucm.port(), stateDir, "text");
        BridgeApplication app = new BridgeApplication(ConfigLoader.parse(yaml, Map.of()));
        app.start().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        return new FuzzBridge(vertx, yeastar, ucm, prefix) {
            @Override
            int ingressPort() {
                return app.ingressPort();
            }

            @Override
            int managementPort() {
                return app.managementPort();
            }

            @Override
            String bootstrap() {
                return bootstrap;
            }

            @Override
            List<String> logLines() {
                return logs.lines();
            }

            @Override
            boolean processAlive() {
                return true; // this JVM runs the check
            }

            @Override
            void stopBridge() {
                app.stopAndWait(Duration.ofSeconds(30));
                logs.detach();
            }
        };
    }

    /**
     * The runnable jar as a process of its own, with its embedded broker (data under {@code workDir}); its log
     * (JSON lines) goes to {@code workDir/bridge.log}.
     */
    static FuzzBridge jar(Path jar, Path workDir) throws Exception {
        List<Object> sims = new ArrayList<>();
        Vertx vertx = simulators(sims);
        YeastarSimulator yeastar = (YeastarSimulator) sims.get(0);
        UcmSimulator ucm = (UcmSimulator) sims.get(1);
        int ingress = freePort();
        int management = freePort();
        int kafka = freePort();
        String prefix = "fz.";
        String yaml = yaml("  embedded: {port: " + kafka + ", data_dir: \"" + workDir.resolve("kafka") + "\"}",
                prefix, ingress, management, yeastar.baseUrl(), ucm.scheme() + "://127.0.0.1:" + ucm.port(),
                workDir.resolve("state"), "json");
        Path config = workDir.resolve("bridge.yaml");
        Files.writeString(config, yaml);
        Path log = workDir.resolve("bridge.log");
        Process process = new ProcessBuilder("java", "-jar", jar.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        FuzzBridge bridge = new FuzzBridge(vertx, yeastar, ucm, prefix) {
            @Override
            int ingressPort() {
                return ingress;
            }

            @Override
            int managementPort() {
                return management;
            }

            @Override
            String bootstrap() {
                return "127.0.0.1:" + kafka;
            }

            @Override
            List<String> logLines() {
                try {
                    return Files.readAllLines(log, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return List.of("cannot read " + log + ": " + e);
                }
            }

            @Override
            boolean processAlive() {
                return process.isAlive();
            }

            @Override
            long residentKib() {
                try {
                    return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                            .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                            .findFirst().orElse(-1L);
                } catch (IOException | RuntimeException e) {
                    return -1;
                }
            }

            @Override
            void stopBridge() throws InterruptedException {
                process.destroy(); // SIGTERM: the bridge's own graceful stop
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bridge exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (bridge.get("/health/ready").statusCode() == 200) {
                    return bridge;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        bridge.close();
        throw new IllegalStateException("the bridge did not become ready within 120 s; see " + log);
    }

    abstract void stopBridge() throws Exception;

    @Override
    public void close() throws Exception {
        try {
            stopBridge();
        } finally {
            await(yeastar.stop());
            await(ucm.stop());
            await(vertx.close());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** This JVM's log events as text lines ("LEVEL logger message exception"), bounded. */
    static final class LogLines extends AppenderBase<ILoggingEvent> {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        static LogLines attach() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            LogLines appender = new LogLines();
            appender.setContext(context);
            appender.start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
            return appender;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (lines.size() < MAX_LOG_LINES) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getClassName()
                        + ": " + event.getThrowableProxy().getMessage()));
            }
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        void detach() {
            Logger root = ((LoggerContext) getContext()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAppender(this);
            stop();
        }
    }
}
