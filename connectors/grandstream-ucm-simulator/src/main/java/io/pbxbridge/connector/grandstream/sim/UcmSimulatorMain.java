package io.pbxbridge.connector.grandstream.sim;

import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.capture.ReplayOptions;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone simulator. Options ({@code --name value} or {@code --name=value}):
 * <pre>
 *   --host 127.0.0.1   --port 8089          --model UCM6304|UCM6302|UCM6301|FCM630A
 *   --api-user cdrapi  --api-password …     --web-user admin  --web-password …
 *   --extensions 10    --first-extension 1000   --trunks 2   --cps 0.5   --call-control
 *   --seed 42          --cookie-ttl-seconds 600 --talk-seconds 2 --step-millis 200
 *   --tls-keystore ucm.p12 (PKCS#12 or JKS; password from UCM_SIM_TLS_PASSWORD)
 *   --replay capture.jsonl [--speed 10 | --as-fast-as-possible]   (see {@link UcmReplay})
 * </pre>
 * Passwords may also come from {@code UCM_SIM_API_PASSWORD} / {@code UCM_SIM_WEB_PASSWORD}; they are never
 * printed.
 */
public final class UcmSimulatorMain {
    private UcmSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        UcmSimulatorOptions o;
        ReplayOptions replay;
        try {
            replay = ReplayOptions.extract(args);
            o = parse(replay.rest(), System.getenv());
            if (replay.replaying() && o.callsPerSecond() > 0) {
                throw new IllegalArgumentException("--cps and --replay exclude each other: a replay plays only the capture");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        UcmSimulator sim;
        try {
            sim = UcmSimulator.start(vertx, o).await();
        } catch (Exception e) {
            System.err.println("error: cannot start the simulator: " + e.getMessage());
            vertx.close();
            System.exit(1);
            return;
        }
        System.out.printf("UCM simulator %s listening on %s://%s:%d (POST /api, WebSocket /websockify); "
                        + "API user '%s', web user '%s', extensions %d-%d, %.2f calls/s%n",
                o.model(), sim.scheme(), o.host(), sim.port(), o.apiUser(), o.webUser(), o.firstExtension(),
                o.firstExtension() + o.extensionCount() - 1, o.callsPerSecond());
        if (replay.replaying()) {
            UcmReplay playing;
            try {
                playing = UcmReplay.prepare(vertx, sim, replay.capture()).await();
            } catch (Exception e) {
                System.err.println("error: cannot replay " + replay.capture() + ": " + e.getMessage());
                sim.stop().await();
                vertx.close();
                System.exit(2);
                return;
            }
            System.out.println("replaying " + replay.capture() + " once a bridge has logged in and subscribed the WebSocket");
            playing.play(replay.speed()).onComplete(ar -> System.out.println(ar.succeeded()
                    ? "replay finished: " + ar.result() + " inputs played (the simulator keeps running; Ctrl-C to stop)"
                    : "replay failed: " + ar.cause().getMessage()));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sim.stop().await();
                vertx.close().await();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            stopped.countDown();
        }, "ucm-sim-shutdown"));
        stopped.await();
    }

    static UcmSimulatorOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (key.equals("call-control") || key.equals("help")) {
                value = "true";
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                value = args[++i];
            }
            a.put(key, value);
        }
        if (a.containsKey("help")) {
            usage(System.out);
            System.exit(0);
        }
        UcmSimulatorOptions o = new UcmSimulatorOptions().port(8089);
        for (Map.Entry<String, String> e : a.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "host" -> o.host(v);
                case "port" -> o.port(integer(e.getKey(), v));
                case "model" -> o.model(UcmModel.parse(v));
                case "api-user", "api-password", "web-user", "web-password", "first-extension" -> { }
                case "extensions" -> { }
                case "trunks" -> o.trunkCount(integer(e.getKey(), v));
                case "cps" -> o.callsPerSecond(number(e.getKey(), v));
                case "call-control" -> o.callControl(Boolean.parseBoolean(v));
                case "seed" -> o.randomSeed(integer(e.getKey(), v));
                case "cookie-ttl-seconds" -> o.cookieTtl(Duration.ofSeconds(integer(e.getKey(), v)));
                case "talk-seconds" -> o.talkTime(Duration.ofSeconds(integer(e.getKey(), v)));
                case "step-millis" -> o.stepDelay(Duration.ofMillis(integer(e.getKey(), v)));
                case "tls-keystore" -> {
                    String pw = env.getOrDefault("UCM_SIM_TLS_PASSWORD", "");
                    o.tls(v.toLowerCase(java.util.Locale.ROOT).endsWith(".jks")
                            ? new io.vertx.core.net.JksOptions().setPath(v).setPassword(pw)
                            : new io.vertx.core.net.PfxOptions().setPath(v).setPassword(pw));
                }
                default -> throw new IllegalArgumentException("unknown option --" + e.getKey());
            }
        }
        o.extensions(integer("extensions", a.getOrDefault("extensions", "10")),
                integer("first-extension", a.getOrDefault("first-extension", "1000")));
        String apiPassword = a.getOrDefault("api-password", env.get("UCM_SIM_API_PASSWORD"));
        if (a.containsKey("api-user") || apiPassword != null) {
            o.apiUser(a.getOrDefault("api-user", o.apiUser()), apiPassword == null ? o.apiPassword() : Secret.of(apiPassword));
        }
        String webPassword = a.getOrDefault("web-password", env.get("UCM_SIM_WEB_PASSWORD"));
        if (a.containsKey("web-user") || webPassword != null) {
            o.webUser(a.getOrDefault("web-user", o.webUser()), webPassword == null ? o.webPassword() : Secret.of(webPassword));
        }
        return o;
    }

    private static int integer(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " expects an integer, got '" + v + "'");
        }
    }

    private static double number(String name, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " expects a number, got '" + v + "'");
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: UcmSimulatorMain [--host H] [--port P] [--model UCM6304|UCM6302|UCM6301|FCM630A]");
        out.println("       [--api-user U] [--api-password P | env UCM_SIM_API_PASSWORD]");
        out.println("       [--web-user U] [--web-password P | env UCM_SIM_WEB_PASSWORD]");
        out.println("       [--extensions N] [--first-extension N] [--trunks N] [--cps X] [--call-control]");
        out.println("       [--seed N] [--cookie-ttl-seconds N] [--talk-seconds N] [--step-millis N]");
        out.println("       [--tls-keystore FILE.p12|FILE.jks (password: env UCM_SIM_TLS_PASSWORD)]");
        out.println("       [--replay CAPTURE [--speed N | --as-fast-as-possible]]");
        out.println(ReplayOptions.USAGE);
    }
}
