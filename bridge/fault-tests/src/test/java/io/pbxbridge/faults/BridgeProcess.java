package io.pbxbridge.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bridge instance as an operator runs it: {@code java -jar bridge/target/pbx-bridge.jar --config FILE}, its
 * own process, ingress and management on ports the OS picks (read from the summary it prints). It can be
 * killed ({@code kill -9}), stopped ({@code SIGTERM}), paused and restarted under the same configuration.
 */
final class BridgeProcess implements AutoCloseable {
    private static final Pattern INGRESS = Pattern.compile("Ingress\\s+PBX reports to port (\\d+)");
    private static final Pattern HEALTH = Pattern.compile("Health\\s+(https?://\\S+)/health/ready");
    private static final Pattern STATE = Pattern.compile("^pbx_session_state\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern GAUGE = Pattern.compile("^(pbx_unowned)(?:\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final String instanceId;
    private final Path config;
    private final Path log;
    private JvmProcess process;
    private Instant launchedAt;
    private int ingressPort = -1;
    private String management;

    private BridgeProcess(String instanceId, Path config, Path log) {
        this.instanceId = instanceId;
        this.config = config;
        this.log = log;
    }

    /** Writes the configuration and launches the jar; {@link #awaitStarted} reads the ports. */
    static BridgeProcess launch(String instanceId, String yaml, Path workDir) {
        Path config = workDir.resolve(instanceId + ".yaml");
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BridgeProcess bridge = new BridgeProcess(instanceId, config, workDir.resolve(instanceId + ".log"));
        bridge.launch();
        return bridge;
    }

    private void launch() {
        ingressPort = -1;
        management = null;
        launchedAt = Instant.now();
        process = JvmProcess.start(instanceId, List.of("-Xmx512m"),
                List.of("-jar", Faults.bridgeJar().toString(), "--config", config.toString()), log);
    }

    /** Waits for the start summary (ports known; readiness follows once the command group assigned partitions). */
    BridgeProcess awaitStarted(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ingressPort = Integer.parseInt(process.awaitLine(INGRESS, timeout).group(1));
        Matcher health = process.awaitLine(HEALTH, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        management = health.group(1);
        return this;
    }

    /** How long from launch until {@code /health/ready} answered 200. */
    Duration awaitReady(Duration timeout) {
        awaitStarted(timeout);
        Faults.until(instanceId + " ready (" + Faults.get(management + "/health/ready").body() + ")",
                timeout.minus(Duration.between(launchedAt, Instant.now())), this::ready);
        return Duration.between(launchedAt, Instant.now());
    }

    boolean ready() {
        return management != null && Faults.get(management + "/health/ready").status() == 200;
    }

    String readiness() {
        return management == null ? "(not started)" : Faults.get(management + "/health/ready").body();
    }

    /** {@code pbx_session_state} as exported: PBX id → the state whose series is 1. Empty when unreachable. */
    Map<String, String> sessionStates() {
        Map<String, String> states = new HashMap<>();
        for (String line : metrics().lines().toList()) {
            Matcher m = STATE.matcher(line);
            if (m.find() && Double.parseDouble(m.group(2)) == 1.0) {
                Map<String, String> labels = labels(m.group(1));
                states.put(labels.get("pbx"), labels.get("state"));
            }
        }
        return states;
    }

    /** Every PBX with a {@code pbx_session_state} series (whatever its value). */
    Set<String> pbxesWithStateSeries() {
        Set<String> pbxes = new TreeSet<>();
        for (String line : metrics().lines().toList()) {
            Matcher m = STATE.matcher(line);
            if (m.find()) {
                pbxes.add(labels(m.group(1)).get("pbx"));
            }
        }
        return pbxes;
    }

    /** The PBXes whose session is up here. */
    Set<String> upPbxes() {
        Set<String> up = new TreeSet<>();
        sessionStates().forEach((pbx, state) -> {
            if (state.equals("up")) {
                up.add(pbx);
            }
        });
        return up;
    }

    Optional<Double> unowned() {
        for (String line : metrics().lines().toList()) {
            Matcher m = GAUGE.matcher(line);
            if (m.find()) {
                return Optional.of(Double.parseDouble(m.group(2)));
            }
        }
        return Optional.empty();
    }

    String metrics() {
        if (management == null) {
            return "";
        }
        Faults.Response r = Faults.get(management + "/metrics");
        return r.status() == 200 ? r.body() : "";
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        Matcher m = LABEL.matcher(text);
        while (m.find()) {
            labels.put(m.group(1), m.group(2));
        }
        return labels;
    }

    String instanceId() {
        return instanceId;
    }

    int ingressPort() {
        return ingressPort;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    JvmProcess process() {
        return process;
    }

    void kill9() {
        process.kill9();
        ingressPort = -1;
    }

    /** SIGTERM; the exit code once it exited within {@code timeout}. */
    Optional<Integer> terminate(Duration timeout) {
        process.terminate();
        Optional<Integer> code = process.awaitExit(timeout);
        ingressPort = -1;
        return code;
    }

    void pause() {
        process.pause();
    }

    void resume() {
        process.resume();
    }

    /** Starts the same configuration again (after a kill or stop); the output goes on in the same log. */
    BridgeProcess restart() {
        process.close();
        launch();
        return this;
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }

    @Override
    public String toString() {
        return instanceId + " (" + process + ", log " + log + ")";
    }
}
