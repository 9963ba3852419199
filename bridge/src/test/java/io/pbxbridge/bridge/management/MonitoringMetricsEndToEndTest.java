package io.pbxbridge.bridge.management;

import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.testkit.DemoBridge;
import io.pbxbridge.connector.spi.PbxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric the Grafana dashboard and the Prometheus alert rules under docker/ query, and every label
 * they match on, is exported by a running bridge: the demo setup (embedded Kafka, both simulated PBXes
 * placing calls) with some extra traffic — a report it cannot parse (dead letter), a report for an
 * unknown PBX (refused), a command the PBX refuses — scraped on {@code /metrics} as Prometheus would.
 * A metric renamed or removed in the code, or a new panel naming one that does not exist, fails here
 * naming the metric and the file and panel or alert that uses it. Also: every pbx_ metric scraped is in
 * README.md's metrics table.
 */
class MonitoringMetricsEndToEndTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private static BridgeApplication app;

    @BeforeAll
    static void start() throws Exception {
        app = DemoBridge.start("monitoring-demo", dir);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stopAndWait(Duration.ofSeconds(20));
        }
    }

    @Test
    void everyMetricAndLabelTheDashboardAndAlertsUseIsExported() throws Exception {
        List<MonitoringFiles.Expression> expressions = MonitoringFiles.expressions();
        assertThat(expressions).hasSizeGreaterThan(20);

        PbxConfig yeastar = app.pbxes().stream().filter(p -> p.id().equals(DemoBridge.YEASTAR_ID)).findFirst().orElseThrow();
        assertThat(post("/report/" + yeastar.id() + "/" + yeastar.reportSecret().reveal(), "{not json"))
                .isEqualTo(200); // answered, and dead-lettered
        assertThat(post("/report/no-such-pbx/" + "x".repeat(24), "{}")).isEqualTo(404);
        DemoBridge.sendHangupOfUnknownExtension(app, "monitoring-test-" + Instant.now().toEpochMilli());
        // Micrometer's GC pause timer is created at the first collection the JVM reports.
        System.gc();

        // Meters are created with their first event (a report, a result): scrape until the simulated
        // PBXes' traffic has produced them all, then report whatever is still missing.
        long started = System.nanoTime();
        long deadline = started + DEADLINE.toNanos();
        List<String> problems;
        MetricReferences.Exposition exposition;
        do {
            Thread.sleep(500);
            exposition = MetricReferences.Exposition.parse(scrape());
            problems = MetricReferences.problems(expressions, exposition);
        } while (!problems.isEmpty() && System.nanoTime() < deadline);
        assertThat(problems).as("metrics or labels the monitoring files use that a running bridge does not export "
                + "(after %s of demo traffic)", DEADLINE).isEmpty();
        assertThat(undocumented(exposition)).as("pbx_ metrics the bridge exports that README.md's metrics table "
                + "does not list").isEmpty();
        System.out.println(expressions.size() + " expressions checked against " + exposition.names().size()
                + " exported series names; all present after " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms of traffic");
    }

    /** Exported pbx_ series whose name (or summary family: _count, _sum, _max) is not in the README's metrics table. */
    private static List<String> undocumented(MetricReferences.Exposition exposition) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int table = readme.indexOf("| Metric | Labels | Meaning |");
        assertThat(table).as("README.md's metrics table").isNotNegative();
        int end = readme.indexOf("\n\n", table);
        Set<String> documented = new HashSet<>();
        Matcher m = Pattern.compile("pbx_[a-z0-9_]+").matcher(readme.substring(table, end));
        while (m.find()) {
            documented.add(m.group());
        }
        return exposition.names().stream().filter(n -> n.startsWith("pbx_"))
                .filter(n -> !documented.contains(n) && !documented.contains(n.replaceAll("_(count|sum|max)$", "")))
                .toList();
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = HttpProbe.get(app.managementPort(), "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static int post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.ingressPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
