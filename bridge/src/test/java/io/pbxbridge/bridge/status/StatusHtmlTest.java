package io.pbxbridge.bridge.status;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusHtmlTest {
    private static final Instant NOW = Instant.parse("2026-03-02T09:20:00Z");

    private static StatusSnapshot snapshot(String hostile) {
        StatusSnapshot.FleetRow row = new StatusSnapshot.FleetRow("hq", "yeastar-s", "S300", "DOWN",
                NOW.minusSeconds(300), "keep-alive failed: " + hostile, NOW.minusSeconds(42), 17, 3,
                "command PBX_ERROR: " + hostile, NOW.minusSeconds(5));
        GroupView.Group group = new GroupView.Group("pbx-bridge", "stable", List.of(
                new GroupView.Member("bridge-a", "10.0.0.7", List.of(0, 2), List.of("hq"), true),
                new GroupView.Member("bridge-b", "10.0.0.8", List.of(1), List.of(), false)), java.util.Set.of("hq"), 3,
                null, NOW);
        return new StatusSnapshot("bridge-a", "1.2.3", NOW, "UTC", List.of(row), List.of("branch"), group,
                List.of(new StatusFeed.LiveLine(7, NOW, "hq", "call", "09:20:00  hq  call ringing " + hostile, false)),
                List.of(new StatusFeed.DeadLetterEntry(NOW, "hq", "REPORT_INGRESS", "/report/hq/******", hostile)),
                List.of(new StatusFeed.FailedCommand(NOW, "hq", "c-1", "PBX_ERROR", "10006", hostile, 12, "bridge-a", false)),
                new StatusSnapshot.Streams(2, 16, 5));
    }

    @Test
    void rendersEverySectionAndEscapesWhatPbxesAndClientsSent() {
        String hostile = "<script>alert('x')</script>&\"";
        String html = StatusHtml.render(snapshot(hostile));

        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
        assertThat(html).contains("<tr data-pbx=\"hq\">", "state-down", "5 min ago", "42 s ago", ">17<", ">3<",
                "bridge-b", "10.0.0.8", "(this one)", "Configured here but not owned by this instance: branch",
                "data-seq=\"7\"", "/report/hq/******", "c-1", "vendor code 10006", "event streams open 2 of 16",
                "lines dropped for slow browsers 5");
        // Only its own script and style; nothing from elsewhere.
        assertThat(html).contains("<script src=\"status.js\" defer></script>", "href=\"status.css\"")
                .doesNotContain("http://", "https://", "//fonts", "cdn");
    }

    @Test
    void jsonCarriesTheSameSnapshot() {
        JsonObject json = new JsonObject(Json.encode(snapshot("x")));
        assertThat(json.getString("instanceId")).isEqualTo("bridge-a");
        JsonObject row = json.getJsonArray("fleet").getJsonObject(0);
        assertThat(row.getString("state")).isEqualTo("DOWN");
        assertThat(row.getString("lastReportAt")).isEqualTo("2026-03-02T09:19:18Z");
        assertThat(row.getLong("reportsPerMinute")).isEqualTo(17);
        assertThat(json.getJsonObject("group").getJsonArray("members")).hasSize(2);
        assertThat(json.getJsonArray("failedCommands").getJsonObject(0).getString("status")).isEqualTo("PBX_ERROR");
    }

    @Test
    void saysSoWhenTheGroupAssignmentIsUnknownOrNothingIsOwned() {
        StatusSnapshot s = snapshot("x");
        StatusSnapshot empty = new StatusSnapshot(s.instanceId(), s.version(), s.at(), s.timeZone(), List.of(), List.of(),
                new GroupView.Group("pbx-bridge", "unknown", List.of(), java.util.Set.of(), 0,
                        "TimeoutException: timed out", NOW), List.of(),
                List.of(), List.of(), s.streams());
        String html = StatusHtml.render(empty);
        assertThat(html).contains("this instance owns no PBX right now", "assignment unknown: TimeoutException",
                "none since this instance started");
    }
}
