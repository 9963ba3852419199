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
 * README.md's metrics table. The demo has per-PBX series; a second demo with the default, fleet-level metrics
 * serves every panel and alert except those marked as needing {@code per_pbx_metrics}.
 */
class MonitoringMetricsEndToEndTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /** Where the dashboard and the rules use per-PBX series, each saying it needs {@code per_pbx_metrics}. */
    static final Set<String> NEED_PER_PBX = Set.of(
            "panel \"Sessions down, refused or locked out, by PBX (needs per_pbx_metrics)\" target A",
            "panel \"Command backlog\" target B",
            "variable $pbx",
            "alert PbxNoReportsFromPbx");

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

        long started = System.nanoTime();
        Scraped scraped = exerciseAndScrape(app, expressions);
        assertThat(scraped.problems()).as("metrics or labels the monitoring files use that a running bridge does not "
                + "export (after %s of demo traffic)", DEADLINE).isEmpty();
        assertThat(undocumented(scraped.exposition())).as("pbx_ metrics the bridge exports that README.md's metrics "
                + "table does not list").isEmpty();
        System.out.println(expressions.size() + " expressions checked against " + scraped.exposition().names().size()
                + " exported series names; all present after " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms of traffic");
    }

    /**
     * The default metrics (fleet level, no per-PBX series) serve every panel and alert except the few that say
     * they need {@code management.per_pbx_metrics} ({@link #NEED_PER_PBX}) — and those really lack their series.
     */
    @Test
    void withTheDefaultFleetLevelMetricsOnlyThePartsMarkedPerPbxLackTheirSeries(@TempDir Path fleetDir) throws Exception {
        List<MonitoringFiles.Expression> expressions = MonitoringFiles.expressions();
        assertThat(expressions.stream().map(MonitoringFiles.Expression::where).toList())
                .as("the places said to need per_pbx_metrics exist").containsAll(NEED_PER_PBX);
        List<MonitoringFiles.Expression> fleetLevel = expressions.stream()
                .filter(e -> !NEED_PER_PBX.contains(e.where())).toList();
        BridgeApplication fleet = DemoBridge.start("monitoring-fleet", fleetDir, false);
        try {
            Scraped scraped = exerciseAndScrape(fleet, fleetLevel);
            assertThat(scraped.problems()).as("metrics or labels the fleet-level panels and alerts use that a bridge "
                    + "with the default metrics does not export").isEmpty();
            assertThat(scraped.exposition().names()).as("no per-PBX session series by default")
                    .doesNotContain("pbx_session_state", "pbx_session_buffered_events", "pbx_command_backlog")
                    .contains("pbx_sessions", "pbx_unowned");
            for (MonitoringFiles.Expression e : expressions) {
                if (NEED_PER_PBX.contains(e.where())) {
                    assertThat(MetricReferences.problems(List.of(e), scraped.exposition()))
                            .as("%s is marked as needing per_pbx_metrics", e).isNotEmpty();
                }
            }
            assertThat(undocumented(scraped.exposition())).as("pbx_ metrics the bridge exports by default that "
                    + "README.md's metrics table does not list").isEmpty();
        } finally {
            fleet.stopAndWait(Duration.ofSeconds(20));
        }
    }

    private record Scraped(MetricReferences.Exposition exposition, List<String> problems) {
    }

    /**
     * Adds the traffic the demo does not make by itself — a report it cannot parse (dead letter), a report for an
     * unknown PBX (refused), a command the PBX refuses — then scrapes until every expression's series are there,
     * or the deadline passed.
     */
    private static Scraped exerciseAndScrape(BridgeApplication bridge, List<MonitoringFiles.Expression> expressions)
            throws Exception {
        PbxConfig yeastar = bridge.pbxes().stream().filter(p -> p.id().equals(DemoBridge.YEASTAR_ID)).findFirst()
                .orElseThrow();
        assertThat(post(bridge, "/report/" + yeastar.id() + "/" + yeastar.reportSecret().reveal(), "{not json"))
                .isEqualTo(200); // answered, and dead-lettered
        assertThat(post(bridge, "/report/no-such-pbx/" + "x".repeat(24), "{}")).isEqualTo(404);
        DemoBridge.sendHangupOfUnknownExtension(bridge, "monitoring-test-" + Instant.now().toEpochMilli());
        // Micrometer's GC pause timer is created at the first collection the JVM reports.
        System.gc();

        // Meters are created with their first event (a report, a result): scrape until the simulated
        // PBXes' traffic has produced them all, then report whatever is still missing.
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<String> problems;
        MetricReferences.Exposition exposition;
        do {
            Thread.sleep(500);
            exposition = MetricReferences.Exposition.parse(scrape(bridge));
            problems = MetricReferences.problems(expressions, exposition);
        } while (!problems.isEmpty() && System.nanoTime() < deadline);
        return new Scraped(exposition, problems);
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

    private static String scrape(BridgeApplication bridge) throws Exception {
        HttpResponse<String> r = HttpProbe.get(bridge.managementPort(), "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static int post(BridgeApplication bridge, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.ingressPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
