package io.pbxbridge.bridge.management;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The PromQL selector scanner and the exposition check the end-to-end test relies on; its messages name file and place. */
class MetricReferencesTest {
    @Test
    void findsMetricsAndTheirMatchersNotFunctionsLabelListsStringsOrDurations() {
        List<PromQlSelectors.Selector> s = PromQlSelectors.of("""
                sum by (pbx_id, state) (rate(pbx_commands_total{status!="succeeded", pbx=~"$pbx"}[$__rate_interval] offset 5m))
                / on (pbx_id) group_left (vendor) sum without (le) (rate(pbx_x_bucket{a="}{ by (x)", b='q'}[1m:30s]))
                and pbx_session_state{state="up"} == 1 > bool 0.5e3
                unless histogram_quantile(0.99, jvm_gc_pause_seconds_bucket) > 2
                """);
        assertThat(s).containsExactly(
                new PromQlSelectors.Selector("pbx_commands_total", Map.of("status", "succeeded", "pbx", "$pbx")),
                new PromQlSelectors.Selector("pbx_x_bucket", Map.of("a", "}{ by (x)", "b", "q")),
                new PromQlSelectors.Selector("pbx_session_state", Map.of("state", "up")),
                new PromQlSelectors.Selector("jvm_gc_pause_seconds_bucket", Map.of()));
    }

    @Test
    void aMissingMetricOrLabelIsNamedWithTheFileAndPlaceThatUseIt() {
        MetricReferences.Exposition exposition = MetricReferences.Exposition.parse("""
                # TYPE pbx_commands counter
                pbx_commands_total{pbx="hq",status="succeeded"} 3.0
                pbx_session_state{pbx="hq",reason="a\\"b,c=d",state="up"} 1.0
                pbx_reports_in_flight 0.0
                """);
        assertThat(exposition.labels("pbx_session_state")).containsExactly("pbx", "reason", "state");
        Path rules = Path.of("rules.yml");
        List<String> problems = MetricReferences.problems(List.of(
                new MonitoringFiles.Expression(rules, "alert A", "sum by (pbx) (rate(pbx_commands[5m]))", null),
                new MonitoringFiles.Expression(rules, "alert B", "pbx_session_state{vendor=\"x\", pbx=~\"$pbx\"} and up == 0", null),
                new MonitoringFiles.Expression(rules, "variable $v", "pbx_reports_in_flight", "pbx"),
                new MonitoringFiles.Expression(rules, "alert C", "pbx_commands_total{status!=\"succeeded\", job=\"j\"}", null)),
                exposition);
        assertThat(problems).containsExactly(
                "metric pbx_commands (used in rules.yml (alert A)) is not exported; exported names like it: [pbx_commands_total]",
                "label vendor of pbx_session_state (used in rules.yml (alert B)) is not exported; pbx_session_state has [pbx, reason, state]",
                "label pbx of pbx_reports_in_flight (used in rules.yml (variable $v)) is not exported; pbx_reports_in_flight has []");
    }

    @Test
    void aBareMetricIsASelector() {
        assertThat(PromQlSelectors.of("up == 0")).containsExactly(new PromQlSelectors.Selector("up", Map.of()));
    }
}
