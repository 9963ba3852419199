package io.pbxbridge.bridge.cli;

import io.pbxbridge.bridge.fleet.FleetConfigWriter;
import io.pbxbridge.bridge.fleet.FleetControl;
import io.pbxbridge.bridge.fleet.FleetOptions;
import io.pbxbridge.bridge.fleet.FleetSimulator;
import io.pbxbridge.bridge.fleet.FleetRequestLog;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code simulate fleet}: thousands of simulated PBXes of any vendors in one process, mostly idle (logins,
 * keep-alives, calls at a fleet-wide rate), a share of them faulty; writes the bridge's configuration for them
 * and serves their totals on a control port ({@link FleetControl}).
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Run many simulated PBXes in one process (distinct addresses, credentials, serials, "
                + "extensions) and write the bridge configuration for them. Runs until Ctrl-C.")
public final class FleetCommand implements Callable<Integer> {
    @Option(names = "--pbxes", required = true, paramLabel = "VENDOR=COUNT",
            description = "PBXes of one vendor, e.g. yeastar-s=9000 grandstream-ucm=1000 (repeat for each vendor).")
    Map<String, Integer> pbxes = new LinkedHashMap<>();

    @Option(names = "--api-versions", paramLabel = "VENDOR=V1,V2", description = "API versions of a vendor's "
            + "PBXes, assigned round-robin, e.g. yeastar-s=1.1.0,2.0.0 (default: each simulator's).")
    Map<String, String> apiVersions = new LinkedHashMap<>();

    @Option(names = "--config-out", paramLabel = "FILE", description = "Write the bridge configuration here "
            + "(kafka, ingress and management from KAFKA_BOOTSTRAP, INGRESS_PORT, MANAGEMENT_PORT).")
    Path configOut;

    @Option(names = "--calls-per-second", defaultValue = "0", description = "Calls per second over the whole fleet "
            + "(default ${DEFAULT-VALUE}).")
    double callsPerSecond;

    @Option(names = "--wrong-credentials", defaultValue = "0", paramLabel = "SHARE",
            description = "Share of PBXes configured with a wrong password (0..1, default ${DEFAULT-VALUE}).")
    double wrongCredentials;

    @Option(names = "--unreachable", defaultValue = "0", paramLabel = "SHARE",
            description = "Share of PBXes that never answer (default ${DEFAULT-VALUE}).")
    double unreachable;

    @Option(names = "--rebooting", defaultValue = "0", paramLabel = "SHARE",
            description = "Share of PBXes that restart now and then (default ${DEFAULT-VALUE}).")
    double rebooting;

    @Option(names = "--reboot-every", defaultValue = "10m", converter = DurationConverter.class,
            description = "How often a rebooting PBX restarts, ±50 % (default ${DEFAULT-VALUE}).")
    Duration rebootEvery;

    @Option(names = "--reboot-downtime", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a restart takes (default ${DEFAULT-VALUE}).")
    Duration rebootDowntime;

    @Option(names = "--first-index", defaultValue = "0",
            description = "Number of the first PBX: processes running disjoint fleets use different ones.")
    int firstIndex;

    @Option(names = "--shards", description = "HTTP servers, each on its own event loop and port "
            + "(default: 2 × CPU cores).")
    Integer shards;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface the servers bind "
            + "(default ${DEFAULT-VALUE}: the PBXes' loopback addresses must reach it).")
    String host;

    @Option(names = "--base-port", defaultValue = "0",
            description = "Port of the first server, the others follow (default: free ports).")
    int basePort;

    @Option(names = "--control-port", defaultValue = "0",
            description = "Port of GET /stats (JSON totals) on 127.0.0.1 (default: a free port, printed).")
    int controlPort;

    @Option(names = "--stats-every", defaultValue = "30s", converter = DurationConverter.class,
            description = "Print the totals this often (default ${DEFAULT-VALUE}; 0 never).")
    Duration statsEvery;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds credentials, faults and calls.")
    long seed;

    @Option(names = "--log-requests", paramLabel = "PATH_SUFFIX", description = "Note when each PBX received "
            + "the requests whose path ends so (e.g. extension/dial_outbound), for GET /requests on the control port.")
    String logRequests;

    @Option(names = "--log-requests-kept", defaultValue = "200000",
            description = "Logged requests kept, the oldest dropped first (default ${DEFAULT-VALUE}).")
    int logRequestsKept;

    @Override
    public Integer call() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, List<String>> versions = new LinkedHashMap<>();
        apiVersions.forEach((vendor, list) -> versions.put(vendor, List.of(list.split(","))));
        FleetOptions options = new FleetOptions(pbxes, versions, firstIndex, shards == null ? 2 * cores : shards,
                host, basePort, callsPerSecond, wrongCredentials, unreachable, rebooting, rebootEvery, rebootDowntime,
                seed);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2 * cores, options.shards())));
        FleetSimulator fleet;
        try {
            fleet = FleetSimulator.start(vertx, options, logRequests == null ? FleetRequestLog.NONE
                    : new FleetRequestLog(logRequests, logRequestsKept)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
        if (configOut != null) {
            FleetConfigWriter.write(configOut, options, fleet.configEntries());
        }
        int control = vertx.createHttpServer().requestHandler(new FleetControl(fleet))
                .listen(controlPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .actualPort();
        System.out.println("fleet: " + options.size() + " PBXes " + options.pbxes() + " on ports " + fleet.ports()
                + "; stats at http://127.0.0.1:" + control + "/stats (POST /calls?per_second=R sets the call rate)"
                + (configOut == null ? "" : "; bridge configuration in " + configOut));
        System.out.flush();
        if (!statsEvery.isZero()) {
            vertx.setPeriodic(statsEvery.toMillis(), id -> fleet.stats().onSuccess(s -> {
                System.out.println("fleet: " + s.describe());
                System.out.flush();
            }));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                fleet.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // exiting anyway
            }
            stopped.countDown();
        }, "fleet-shutdown"));
        stopped.await();
        return CliErrors.OK;
    }
}
