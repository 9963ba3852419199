package io.pbxbridge.bridge.management;

import com.fasterxml.jackson.databind.JsonNode;
import io.pbxbridge.bridge.testkit.DebianPackages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana and Prometheus files under docker/ hold together: Prometheus' own {@code promtool} (Debian's
 * {@code prometheus} package) accepts the config and the rules and passes the rules' unit tests; every
 * dashboard panel queries the provisioned datasource; compose mounts the files where the provisioning
 * and the config expect them and Prometheus scrapes the bridge's management port. That the metrics they
 * name exist is {@link MonitoringMetricsEndToEndTest}'s part.
 */
class MonitoringFilesTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void promtoolAcceptsTheConfigAndTheRulesAndTheirUnitTestsPass() throws Exception {
        DebianPackages.ensure("prometheus");
        assertThat(promtool("check", "rules", MonitoringFiles.RULES)).contains("SUCCESS");
        assertThat(promtool("check", "config", MonitoringFiles.PROMETHEUS_CONFIG)).contains("1 rule files found");
        assertThat(promtool("test", "rules", MonitoringFiles.RULE_TESTS)).contains("SUCCESS");
    }

    @Test
    void everyAlertSaysWhatHappenedAndWhatToDo() {
        List<JsonNode> rules = MonitoringFiles.rules(MonitoringFiles.yaml(MonitoringFiles.RULES));
        List<String> alerts = rules.stream().map(r -> r.path("alert").asText()).toList();
        assertThat(alerts).contains("PbxSessionDown", "PbxSessionAuthFailed", "PbxSessionLockedOut",
                "PbxReportsDeadLettered", "PbxIngressUnavailable", "PbxCommandFailureRatio", "PbxNoReports",
                "PbxNoReportsFromPbx", "PbxUnowned");
        for (JsonNode rule : rules) {
            String name = rule.path("alert").asText();
            assertThat(name).as("every rule of %s is an alert", MonitoringFiles.RULES).isNotBlank();
            assertThat(rule.path("labels").path("severity").asText()).as("severity of %s", name)
                    .isIn("warning", "critical");
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertThat(rule.path("annotations").path(annotation).asText()).as("%s annotation of %s", annotation, name)
                        .isNotBlank();
            }
        }
    }

    @Test
    void everyDashboardPanelQueriesTheProvisionedDatasource() {
        Set<String> provisioned = new HashSet<>();
        MonitoringFiles.yaml(MonitoringFiles.DATASOURCES).path("datasources")
                .forEach(d -> provisioned.add(d.path("uid").asText()));
        assertThat(provisioned).as("datasource uids of %s", MonitoringFiles.DATASOURCES).isNotEmpty().doesNotContain("");

        JsonNode dashboard = MonitoringFiles.json(MonitoringFiles.DASHBOARD);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        List<JsonNode> panels = MonitoringFiles.panels(dashboard);
        assertThat(panels).hasSizeGreaterThan(10);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(panel.path("id").isInt()).as("panel %s has a numeric id", title).isTrue();
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s of %s is unique", panel.path("id"), title).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as("width of %s", title).isPositive();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of panel %s", title).isIn(provisioned);
            assertThat(panel.path("targets")).as("targets of panel %s", title).isNotEmpty();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as("expr of panel %s", title).isNotBlank();
                assertThat(refIds.add(target.path("refId").asText())).as("refIds of panel %s are unique", title).isTrue();
                if (target.has("datasource")) {
                    assertThat(target.path("datasource").path("uid").asText()).as("datasource of a target of %s", title)
                            .isIn(provisioned);
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            assertThat(variable.path("datasource").path("uid").asText()).as("datasource of variable %s",
                    variable.path("name")).isIn(provisioned);
        }
        // Every $variable a query uses is defined (or one of Grafana's own).
        Set<String> variables = new HashSet<>(Set.of("__rate_interval", "__range", "__interval"));
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        for (MonitoringFiles.Expression e : MonitoringFiles.expressions()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$(\\w+)").matcher(e.expr());
            while (m.find()) {
                assertThat(variables).as("variable used in %s", e).contains(m.group(1));
            }
        }
    }

    @Test
    void composeMountsTheFilesWhereProvisioningAndPrometheusExpectThem() throws Exception {
        JsonNode services = MonitoringFiles.yaml(MonitoringFiles.COMPOSE).path("services");
        Map<String, String> grafanaMounts = mounts(services.path("grafana"));
        Map<String, String> prometheusMounts = mounts(services.path("prometheus"));

        assertThat(grafanaMounts).containsEntry("./grafana/provisioning", "/etc/grafana/provisioning");
        String dashboardsPath = MonitoringFiles.yaml(MonitoringFiles.DASHBOARD_PROVIDERS).path("providers").get(0)
                .path("options").path("path").asText();
        assertThat(grafanaMounts).containsEntry("./grafana/dashboards", dashboardsPath);
        String home = services.path("grafana").path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
        assertThat(home).isEqualTo(dashboardsPath + "/" + MonitoringFiles.DASHBOARD.getFileName());

        // Grafana reaches Prometheus by its service name and port; Prometheus the bridge's management port.
        String datasourceUrl = MonitoringFiles.yaml(MonitoringFiles.DATASOURCES).path("datasources").get(0).path("url").asText();
        assertThat(datasourceUrl).isEqualTo("http://prometheus:9090");
        assertThat(services.path("prometheus").path("ports").toString()).contains("9090:9090");
        assertThat(prometheusMounts).containsEntry("./prometheus", "/etc/prometheus");
        assertThat(services.path("prometheus").path("command").toString())
                .contains("--config.file=/etc/prometheus/" + MonitoringFiles.PROMETHEUS_CONFIG.getFileName());

        JsonNode job = MonitoringFiles.yaml(MonitoringFiles.PROMETHEUS_CONFIG).path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        String target = job.path("static_configs").get(0).path("targets").get(0).asText();
        // (bridge-compose.yaml itself loads: DockerExamplesTest)
        int managementPort = MonitoringFiles.yaml(MonitoringFiles.DOCKER.resolve("config/bridge-compose.yaml"))
                .path("management").path("port").asInt();
        assertThat(target).isEqualTo("bridge:" + managementPort);
        assertThat(services.has("bridge")).isTrue();
        // The Grafana admin password comes from the environment, never written in the file.
        assertThat(services.path("grafana").path("environment").path("GF_SECURITY_ADMIN_PASSWORD").asText())
                .startsWith("${GRAFANA_ADMIN_PASSWORD");
    }

    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            out.put(parts[0], parts[1]);
            if (parts[0].startsWith("./")) {
                assertThat(MonitoringFiles.DOCKER.resolve(parts[0])).as("mount source %s", parts[0]).exists();
            }
        }
        return out;
    }

    /** Runs promtool on a file (from the file's directory, as an operator would); its output on success. */
    private static String promtool(String command, String subcommand, Path file) throws Exception {
        List<String> argv = new ArrayList<>(List.of(PROMTOOL.toString(), command, subcommand, file.getFileName().toString()));
        Path out = Files.createTempFile("promtool", ".out");
        try {
            Process p = new ProcessBuilder(argv).directory(file.toAbsolutePath().getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", argv) + " did not finish within 60 s");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("`%s` on %s:\n%s", String.join(" ", argv), file, output).isZero();
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
