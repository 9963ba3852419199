package io.pbxbridge.bridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pbxbridge.bridge.fleet.FleetControl;
import io.pbxbridge.bridge.fleet.FleetOptions;
import io.pbxbridge.bridge.fleet.FleetRequestLog;
import io.pbxbridge.bridge.fleet.FleetSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PBX side of {@link CommandLatencyBench} as a {@code simulate fleet} of Yeastar S PBXes, either in the
 * bench's JVM (its own Vert.x) or in a process of its own, so the bridge's JVM holds only the bridge. Either
 * way the fleet notes when each PBX received a dial request ({@link FleetRequestLog}: the wall clock in the
 * fleet's JVM, µs, when the request's head reached the PBX's shard) and the bench reads that log back.
 */
final class BenchFleet implements AutoCloseable {
    static final String DIAL_PATH = "extension/dial_outbound";
    private static final Pattern CONTROL = Pattern.compile("stats at http://127\\.0\\.0\\.1:(\\d+)/stats");

    private final List<Map<String, Object>> entries;
    private final FleetSimulator inJvm;
    private final Vertx inJvmVertx;
    private final Process process;
    private final int controlPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private long next;

    private BenchFleet(List<Map<String, Object>> entries, FleetSimulator inJvm, Vertx inJvmVertx, Process process,
                       int controlPort) {
        this.entries = entries;
        this.inJvm = inJvm;
        this.inJvmVertx = inJvmVertx;
        this.process = process;
        this.controlPort = controlPort;
    }

    /** {@code pbxes} Yeastar PBXes in this JVM, on a Vert.x of their own with as many event loops as the CLI's. */
    static BenchFleet inThisJvm(int pbxes, int kept) throws Exception {
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        FleetOptions options = new FleetOptions(Map.of("yeastar-s", pbxes), Map.of(), 0, loops, "0.0.0.0", 0, 0, 0,
                0, 0, java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(30), 42L);
        FleetSimulator fleet = FleetSimulator.start(vertx, options, new FleetRequestLog(DIAL_PATH, kept))
                .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        return new BenchFleet(fleet.configEntries(), fleet, vertx, null, 0);
    }

    /** {@code pbxes} Yeastar PBXes in a child JVM ({@code simulate fleet}, this classpath, {@code jvmOptions}). */
    @SuppressWarnings("unchecked")
    static BenchFleet inProcess(int pbxes, int kept, String jvmOptions) throws Exception {
        Path config = Files.createTempFile("bench-fleet", ".yaml");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String o : jvmOptions.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.pbxbridge.bridge.cli.Main",
                "simulate", "fleet", "--pbxes", "yeastar-s=" + pbxes, "--config-out", config.toString(),
                "--log-requests", DIAL_PATH, "--log-requests-kept", String.valueOf(kept), "--stats-every", "0"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        for (String line; port < 0 && (line = out.readLine()) != null; ) {
            Matcher m = CONTROL.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        if (port < 0) {
            p.destroyForcibly();
            throw new IllegalStateException("simulate fleet exited before it served its control port");
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "bench-fleet-stdout");
        drain.setDaemon(true);
        drain.start();
        Map<String, Object> yaml = new ObjectMapper(new YAMLFactory()).readValue(config.toFile(), Map.class);
        Files.deleteIfExists(config);
        return new BenchFleet((List<Map<String, Object>>) yaml.get("pbxes"), null, null, p, port);
    }

    /** Every PBX's configuration entry ({@code id}, {@code api_url}, {@code username}, {@code password}, …). */
    List<Map<String, Object>> entries() {
        return entries;
    }

    String describe() {
        return process != null ? "simulate fleet in its own process (pid " + process.pid() + ")"
                : "simulate fleet in this JVM (its own Vert.x)";
    }

    /** Hands each dial request logged since the last call to {@code seen}: its dialled number and receipt (µs). */
    void collect(ObjLongConsumer<String> seen) throws IOException, InterruptedException {
        while (true) {
            JsonObject page = process == null
                    ? FleetControl.json(inJvm.requestLog().since(next, 10_000))
                    : new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort
                    + "/requests?after=" + next)).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (page.getLong("missed") > 0) {
                throw new IllegalStateException(page.getLong("missed") + " logged requests dropped: raise the bound");
            }
            var requests = page.getJsonArray("requests");
            for (int i = 0; i < requests.size(); i++) {
                JsonObject r = requests.getJsonObject(i);
                seen.accept(new JsonObject(r.getString("body")).getString("outto"), r.getLong("received_at_us"));
            }
            next = page.getLong("next");
            if (requests.isEmpty()) {
                return;
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (inJvm != null) {
            inJvm.stop().eventually(inJvmVertx::close).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
