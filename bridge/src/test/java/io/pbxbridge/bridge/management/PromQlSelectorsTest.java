package io.pbxbridge.bridge.management;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlSelectorsTest {
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
    void aBareMetricIsASelector() {
        assertThat(PromQlSelectors.of("up == 0")).containsExactly(new PromQlSelectors.Selector("up", Map.of()));
    }
}
