package io.pbxbridge.bridge.management;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the metric selectors of the monitoring files' expressions against a bridge's {@code /metrics}
 * exposition: each metric must be exported, each label a selector matches on must be on it.
 */
final class MetricReferences {
    /** Series Prometheus itself makes (target health, alert state): never in a target's exposition. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds",
            "scrape_samples_scraped", "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE");
    /** Labels Prometheus attaches to every scraped series (the target's; an exported one is renamed). */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private MetricReferences() {
    }

    /** One line per reference to a metric or label the exposition lacks, naming the file and place. */
    static List<String> problems(List<MonitoringFiles.Expression> expressions, Exposition exposition) {
        List<String> problems = new ArrayList<>();
        for (MonitoringFiles.Expression e : expressions) {
            List<PromQlSelectors.Selector> selectors = PromQlSelectors.of(e.expr());
            if (selectors.isEmpty()) {
                problems.add(e + ": no metric found in `" + e.expr() + "`");
            }
            for (PromQlSelectors.Selector s : selectors) {
                if (PROMETHEUS_SERIES.contains(s.metric())) {
                    continue;
                }
                if (!exposition.names().contains(s.metric())) {
                    problems.add("metric " + s.metric() + " (used in " + e + ") is not exported"
                            + exposition.similar(s.metric()));
                    continue;
                }
                s.matchers().forEach((label, value) -> {
                    // A $variable's matcher (pbx=~"$pbx", all = ".*") also matches series without the label.
                    if (!TARGET_LABELS.contains(label) && !value.contains("$")
                            && !exposition.labels(s.metric()).contains(label)) {
                        problems.add("label " + label + " of " + s.metric() + " (used in " + e + ") is not exported; "
                                + s.metric() + " has " + exposition.labels(s.metric()));
                    }
                });
                if (e.requiredLabel() != null && !TARGET_LABELS.contains(e.requiredLabel())
                        && !exposition.labels(s.metric()).contains(e.requiredLabel())) {
                    problems.add("label " + e.requiredLabel() + " of " + s.metric() + " (used in " + e
                            + ") is not exported; " + s.metric() + " has " + exposition.labels(s.metric()));
                }
            }
        }
        return problems;
    }

    /** The series names of a Prometheus text exposition and the label names each carries. */
    record Exposition(Map<String, Set<String>> labelsByName) {
        static Exposition parse(String text) {
            Map<String, Set<String>> out = new java.util.TreeMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                int end = brace >= 0 && brace < space ? brace : space;
                Set<String> labels = out.computeIfAbsent(line.substring(0, end), n -> new TreeSet<>());
                if (end == brace) {
                    labels.addAll(labelNames(line.substring(brace + 1)));
                }
            }
            return new Exposition(out);
        }

        /** Label names of {@code a="x",b="y\"z"} ... up to the closing brace. */
        private static List<String> labelNames(String rest) {
            List<String> names = new ArrayList<>();
            int i = 0;
            while (i < rest.length() && rest.charAt(i) != '}') {
                int eq = rest.indexOf('=', i);
                names.add(rest.substring(i, eq).trim());
                i = eq + 2; // past ="
                while (rest.charAt(i) != '"') {
                    i += rest.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                if (rest.charAt(i) == ',') {
                    i++;
                }
            }
            return names;
        }

        Set<String> names() {
            return labelsByName.keySet();
        }

        Set<String> labels(String name) {
            return labelsByName.getOrDefault(name, Set.of());
        }

        /** A hint naming exported series of the same family (another suffix: _total, _count, _sum, _bucket, _max…). */
        String similar(String name) {
            String base = name.replaceAll("_(total|count|sum|bucket|max|seconds|bytes)$", "");
            List<String> like = names().stream().filter(n -> n.startsWith(base)).toList();
            return like.isEmpty() ? "" : "; exported names like it: " + like;
        }
    }
}
