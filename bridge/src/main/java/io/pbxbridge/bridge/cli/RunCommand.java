package io.pbxbridge.bridge.cli;

import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.config.ConfigException;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.config.RecordingConfig;
import io.pbxbridge.bridge.management.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs the bridge until SIGTERM / Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the bridge (the default command). Stops gracefully on SIGTERM or Ctrl-C.")
public final class RunCommand implements Callable<Integer> {
    /** Embedded Kafka formats its log directory on first start; leave it time on a slow disk. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    @Mixin
    RunOptions options = new RunOptions();
    @Mixin
    DebugOption debugOption = new DebugOption();
    @ParentCommand
    Main parent;
    @Spec
    CommandSpec spec;

    public RunCommand() {
    }

    /** Used by {@link Main} when no subcommand is given. */
    RunCommand(RunOptions options, DebugOption debug, CommandSpec spec) {
        this.options = options;
        this.debugOption = debug;
        this.spec = spec;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean debug = debugOption.enabled() || (parent != null && parent.debug());
        BridgeApplication app = null;
        Thread hook = null;
        try {
            BridgeConfig config = withRecordings(options.config == null ? ConfigLoader.defaults()
                    : ConfigLoader.load(options.config), options.config != null);
            LogFormatSwitch.apply(config.logging().format());
            // No configuration at all: serve ourselves, with simulated PBXes on loopback.
            app = new BridgeApplication(config, options.config == null);
            hook = app.registerShutdownHook(BridgeApplication.DEFAULT_STOP_TIMEOUT);
            app.start().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (options.config != null) {
                // A fleet that changes while running: SIGHUP or a changed file reloads the PBX list.
                app.watchConfig(options.config, loaded -> withRecordings(loaded, true));
            }
            printSummary(out, app);
            if (app.demoPbxes() != null) {
                PrintWriter events = out;
                app.tailEvents(line -> {
                    events.println(line);
                    events.flush();
                }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                out.println("Live events (read back from Kafka):");
                out.flush();
            }
        } catch (Exception e) {
            if (app != null) {
                removeHook(hook);
                app.stopAndWait(BridgeApplication.DEFAULT_STOP_TIMEOUT);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof java.util.concurrent.TimeoutException) {
                return CliErrors.report(err, new IllegalStateException("the bridge did not start within "
                        + START_TIMEOUT.toSeconds() + " s"), debug);
            }
            return CliErrors.report(err, e, debug);
        }
        // Block until the shutdown hook (or anything else) has stopped the bridge.
        app.whenStopped().toCompletionStage().toCompletableFuture().join();
        return CliErrors.OK;
    }

    /** {@code --record ID=FILE}: as {@code record_to} in the PBX's entry (its {@code record_max_bytes} kept). */
    private BridgeConfig withRecordings(BridgeConfig config, boolean configured) {
        BridgeConfig out = config;
        for (Map.Entry<String, Path> r : options.record.entrySet()) {
            String id = r.getKey();
            if (r.getValue() == null || r.getValue().toString().isBlank()) {
                throw new ConfigException("--record", "'" + id + "' needs a file: --record " + id + "=FILE");
            }
            // Without a file the demo's PBXes (demo-yeastar, demo-ucm) exist only once started: checked then.
            if (configured && config.pbx(id).isEmpty()) {
                throw new ConfigException("--record", "no PBX with id '" + id + "' in " + options.config);
            }
            RecordingConfig existing = config.recordings().get(id);
            out = out.withRecording(id, new RecordingConfig(r.getValue(),
                    existing == null ? RecordingConfig.DEFAULT_MAX_BYTES : existing.maxBytes()));
        }
        return out;
    }

    private static void printSummary(PrintWriter out, BridgeApplication app) {
        BridgeConfig c = app.config();
        String host = c.management().host().equals("0.0.0.0") || c.management().host().equals("::")
                ? "localhost" : c.management().host();
        String mgmt = (c.management().tls() == null ? "http://" : "https://") + host + ":" + app.managementPort();
        out.println("pbx-bridge " + BuildInfo.version() + " running as instance " + c.instanceId());
        if (c.kafka().embeddedBroker()) {
            out.println("  Kafka       " + app.kafkaBootstrap() + " (embedded, data in "
                    + c.kafka().embedded().dataDir().toAbsolutePath().normalize() + ")");
        } else {
            out.println("  Kafka       " + app.kafkaBootstrap());
        }
        out.println("  Topics      " + c.kafka().topicPrefix() + "* (" + c.codec().format().code() + " encoding)");
        out.println("  Ingress     PBX reports to port " + app.ingressPort() + " (POST /report/<pbx-id>/<secret>)");
        out.println("  Status page " + mgmt + "/  (fleet, live traffic, problems)");
        out.println("  Health      " + mgmt + "/health/ready  " + mgmt + "/health/live");
        out.println("  Metrics     " + mgmt + "/metrics");
        c.recordings().forEach((id, r) -> out.println("  Recording   " + id + " to " + r.file().toAbsolutePath().normalize()
                + " (replay: normalize FILE, simulate <vendor> --replay FILE)"));
        out.println("  PBXes       " + (app.pbxes().isEmpty() ? "none configured"
                : app.pbxes().stream().map(p -> p.id() + " (" + p.vendor() + ")").collect(Collectors.joining(", "))));
        if (app.demoPbxes() != null) {
            app.demoPbxes().describe().forEach(line -> out.println("  Demo        " + line));
            out.println("  Demo        no configuration given: simulated PBXes place calls; events flow to "
                    + c.kafka().topicPrefix() + "call-events and " + c.kafka().topicPrefix() + "cdr");
            String demoPbx = app.demoPbxes().pbxes().isEmpty() ? "<pbx-id>" : app.demoPbxes().pbxes().get(0).id();
            out.println("  Try         echo '{\"pbx_id\":\"" + demoPbx + "\",\"action\":\"QUERY\",\"query\":{\"subject\":\"EXTENSIONS\"}}'"
                    + " | java -jar bridge/target/pbx-bridge.jar send --bootstrap " + app.kafkaBootstrap());
            out.println("              java -jar bridge/target/pbx-bridge.jar tail --bootstrap " + app.kafkaBootstrap()
                    + " --text call-events cdr system command-results");
        }
        out.println("Stop with Ctrl-C or SIGTERM.");
        out.flush();
    }

    private static void removeHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook runs anyway
        }
    }

}
