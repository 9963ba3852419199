package io.pbxbridge.bridge.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring files shipped under {@code docker/} (Grafana dashboard and provisioning, Prometheus
 * config and alert rules) and every PromQL expression in them, each with the file and place it is
 * written in, so a failing check can say where to look.
 */
final class MonitoringFiles {
    static final Path DOCKER = Path.of("..", "docker");
    static final Path DASHBOARD = DOCKER.resolve("grafana/dashboards/pbx-bridge.json");
    static final Path DATASOURCES = DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml");
    static final Path DASHBOARD_PROVIDERS = DOCKER.resolve("grafana/provisioning/dashboards/pbx-bridge.yml");
    static final Path PROMETHEUS_CONFIG = DOCKER.resolve("prometheus/prometheus.yml");
    static final Path RULES = DOCKER.resolve("prometheus/rules/pbx-bridge.rules.yml");
    static final Path RULE_TESTS = DOCKER.resolve("prometheus/tests/pbx-bridge.rules.test.yml");
    static final Path COMPOSE = DOCKER.resolve("compose.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Grafana's {@code label_values(selector, label)} variable query. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$");

    /**
     * A PromQL expression and where it is written.
     *
     * @param requiredLabel a label every series of the expression must carry (a variable's label_values), or null
     */
    record Expression(Path file, String where, String expr, String requiredLabel) {
        @Override
        public String toString() {
            return file.getFileName() + " (" + where + ")";
        }
    }

    private MonitoringFiles() {
    }

    static JsonNode json(Path file) {
        return read(JSON, file);
    }

    static JsonNode yaml(Path file) {
        return read(YAML, file);
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every panel of the dashboard, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            panel.path("panels").forEach(out::add);
        }
        return out;
    }

    /** Every rule of the rule file (alerting and recording). */
    static List<JsonNode> rules(JsonNode ruleFile) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : ruleFile.path("groups")) {
            group.path("rules").forEach(out::add);
        }
        return out;
    }

    /** The expressions of the dashboard's panels and variables and of the alert rules. */
    static List<Expression> expressions() {
        List<Expression> out = new ArrayList<>();
        JsonNode dashboard = json(DASHBOARD);
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                out.add(new Expression(DASHBOARD, "panel \"" + panel.path("title").asText() + "\" target "
                        + target.path("refId").asText(), target.path("expr").asText(), null));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            Matcher m = LABEL_VALUES.matcher(text);
            String where = "variable $" + variable.path("name").asText();
            out.add(m.matches() ? new Expression(DASHBOARD, where, m.group(1), m.group(2))
                    : new Expression(DASHBOARD, where, text, null));
        }
        for (JsonNode rule : rules(yaml(RULES))) {
            String name = rule.has("alert") ? "alert " + rule.path("alert").asText() : "record " + rule.path("record").asText();
            out.add(new Expression(RULES, name, rule.path("expr").asText(), null));
        }
        return out;
    }
}
