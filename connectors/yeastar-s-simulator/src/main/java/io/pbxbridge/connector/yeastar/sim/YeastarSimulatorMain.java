package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.spi.capture.ReplayOptions;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the simulator standalone:
 * {@code java -cp ... io.pbxbridge.connector.yeastar.sim.YeastarSimulatorMain --port 8088 --api-version 1.1.0
 * --username api --password secret --extensions 10 --calls-per-second 0.5}.
 * The password is never printed.
 */
public final class YeastarSimulatorMain {
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: YeastarSimulatorMain [options]",
            "  --host HOST                 listen address (default 127.0.0.1)",
            "  --port N                    API port, 0 = ephemeral (default 8088)",
            "  --api-version V             1.0.0 | 1.1.0 | 2.0.0 (default 1.1.0)",
            "  --username NAME             API username (default api)",
            "  --password TEXT             API password in clear (default Password123); env YEASTAR_SIM_PASSWORD",
            "  --sn SERIAL                 serial number in reports",
            "  --extensions N              number of extensions (default 10)",
            "  --first-extension N         first extension number (default 1000)",
            "  --trunks A,B                SIP trunk names (a GSM-trunk is always added)",
            "  --inbound-control           trunks ask the app to accept/refuse inbound calls (Invite)",
            "  --calls-per-second R        generate random call flows (default 0 = none)",
            "  --step-delay-ms N           delay between call-flow steps (default 500)",
            "  --talk-time-ms N            talk time of generated calls (default 5000)",
            "  --retry-interval-ms N       report re-send interval (default 2000)",
            "  --token-ttl-s N             token lifetime in seconds (default 1800)",
            "  --seed N                    random seed (default 42)",
            ReplayOptions.USAGE,
            "                              (the capture's api_version unless --api-version is given)");

    private YeastarSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        YeastarSimulatorOptions options;
        double cps;
        ReplayOptions replay;
        try {
            replay = ReplayOptions.extract(args);
            Map<String, String> a = parse(replay.rest());
            if (a.containsKey("help")) {
                System.out.println(USAGE);
                return;
            }
            if (replay.replaying() && !a.containsKey("api-version")) {
                String recorded = YeastarReplay.apiVersionOf(replay.capture());
                if (recorded != null) {
                    a.put("api-version", recorded);
                }
            }
            options = toOptions(a);
            cps = Double.parseDouble(a.getOrDefault("calls-per-second", "0"));
            if (replay.replaying() && cps > 0) {
                throw new IllegalArgumentException("--calls-per-second and --replay exclude each other: a replay plays only the capture");
            }
        } catch (java.io.IOException e) {
            System.err.println("error: cannot read the capture: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        YeastarSimulator sim = YeastarSimulator.start(vertx, options).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        System.out.println("Yeastar S-Series simulator (API v" + options.apiVersion().wire() + ") listening on "
                + sim.baseUrl() + "/api/v" + options.apiVersion().wire() + "/  user=" + options.username()
                + " extensions=" + options.firstExtension() + ".."
                + (options.firstExtension() + options.extensionCount() - 1) + " sn=" + options.serialNumber());
        if (replay.replaying()) {
            System.out.println("replaying " + replay.capture() + " once a bridge has logged in");
            YeastarReplay.start(vertx, sim, replay.capture(), replay.speed()).onComplete(ar -> System.out.println(ar.succeeded()
                    ? "replay finished: " + ar.result() + " reports delivered (the simulator keeps running; Ctrl-C to stop)"
                    : "replay failed: " + ar.cause().getMessage()));
        }
        if (cps > 0) {
            sim.startTraffic(cps);
            System.out.println("generating ~" + cps + " calls/s for logged-in clients");
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
            done.countDown();
        }, "yeastar-sim-shutdown"));
        done.await();
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String key = arg.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (key.equals("help") || key.equals("inbound-control")) {
                out.put(key, "true");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for --" + key);
                }
                value = args[++i];
            }
            out.put(key, value);
        }
        return out;
    }

    static YeastarSimulatorOptions toOptions(Map<String, String> a) {
        YeastarSimulatorOptions.Builder b = YeastarSimulatorOptions.builder();
        for (String key : a.keySet()) {
            switch (key) {
                case "host", "port", "api-version", "username", "password", "sn", "extensions", "first-extension",
                        "trunks", "inbound-control", "calls-per-second", "step-delay-ms", "talk-time-ms",
                        "retry-interval-ms", "token-ttl-s", "seed", "help" -> { }
                default -> throw new IllegalArgumentException("unknown option --" + key);
            }
        }
        if (a.containsKey("host")) b.host(a.get("host"));
        b.port(intArg(a, "port", 8088));
        if (a.containsKey("api-version")) b.apiVersion(YeastarApiVersion.parse(a.get("api-version")));
        if (a.containsKey("username")) b.username(a.get("username"));
        String pw = a.containsKey("password") ? a.get("password") : System.getenv("YEASTAR_SIM_PASSWORD");
        if (pw != null && !pw.isEmpty()) b.password(pw);
        if (a.containsKey("sn")) b.serialNumber(a.get("sn"));
        b.extensions(intArg(a, "extensions", 10), intArg(a, "first-extension", 1000));
        boolean control = a.containsKey("inbound-control");
        List<TrunkSpec> trunks = new ArrayList<>();
        for (String t : a.getOrDefault("trunks", "SIP-142").split(",")) {
            if (!t.isBlank()) {
                trunks.add(TrunkSpec.sip(t.trim()).withInboundControl(control, control));
            }
        }
        trunks.add(TrunkSpec.gsm("GSM-trunk"));
        b.trunks(trunks);
        if (a.containsKey("step-delay-ms")) b.callStepDelay(Duration.ofMillis(intArg(a, "step-delay-ms", 500)));
        if (a.containsKey("talk-time-ms")) b.talkTime(Duration.ofMillis(intArg(a, "talk-time-ms", 5000)));
        if (a.containsKey("retry-interval-ms")) b.reportRetryInterval(Duration.ofMillis(intArg(a, "retry-interval-ms", 2000)));
        if (a.containsKey("token-ttl-s")) b.tokenTtl(Duration.ofSeconds(intArg(a, "token-ttl-s", 1800)));
        if (a.containsKey("seed")) b.randomSeed(Long.parseLong(a.get("seed")));
        return b.build();
    }

    private static int intArg(Map<String, String> a, String key, int def) {
        String v = a.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " needs a number, got '" + v + "'");
        }
    }
}
