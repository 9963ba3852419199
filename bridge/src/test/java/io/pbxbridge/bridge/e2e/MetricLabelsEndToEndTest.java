package io.pbxbridge.bridge.e2e;

import io.pbxbridge.bridge.management.HttpProbe;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.RawHttp;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.Scenario;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 3: every label value on {@code /metrics} comes from a closed set. A bridge talking to both
 * simulated PBXes (so its HTTP client pools exist) gets 1,000 requests with made-up methods and paths, on the
 * ingress and the management port; {@code /metrics} barely grows, no label value came from a request, and the
 * client pools are named after their PBX, not its address.
 */
@WithKafka
class MetricLabelsEndToEndTest {
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH", "OTHER");

    @Test
    void madeUpMethodsAndPathsLeaveNoLabelAndPoolsAreNamedAfterTheirPbxVendor(KafkaBroker kafka, @TempDir Path state)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        YeastarSimulator yeastar = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V1_1_0);
        UcmSimulator ucm = Await.result(UcmSimulator.start(vertx, new UcmSimulatorOptions().host("127.0.0.1").port(0)
                .apiUser("cdrapi", Secret.of("ucm-api-pw")).extensions(4, 1000)));
        BridgeHarness.Pbx ucmPbx = new BridgeHarness.Pbx("ucm-a", "grandstream-ucm", ucm.scheme() + "://127.0.0.1:" + ucm.port(),
                "cdrapi", "ucm-api-pw", "1.0", "4m", Map.of("state_dir", state.toString()));
        try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("labels"),
                List.of(YeastarEndToEndTest.pbx("yeastar-a", yeastar, YeastarEndToEndTest.PASSWORD, "5m"), ucmPbx), "")) {
            Await.result(yeastar.runScenario(Scenario.INTERNAL));
            int management = bridge.app.managementPort();
            int ingress = bridge.app.ingressPort();
            String before = HttpProbe.get(management, "/metrics").body();
            assertThat(before).as("the HTTP client pools exist").contains("pool_type=\"http\"");

            for (int i = 0; i < 1000; i++) {
                String method = "QZX" + Integer.toString(i, 36).toUpperCase(Locale.ROOT);
                String path = i % 3 == 0 ? "/report/qzx-pbx-" + i + "/qzx-secret-" + i
                        : i % 3 == 1 ? "/report/yeastar-a/qzx-secret-" + i : "/qzx/path/" + i;
                int port = i % 10 == 0 ? management : ingress;
                RawHttp.Response r = RawHttp.exchange(port, method + " " + path + " HTTP/1.1\r\nHost: qzx-host-" + i
                        + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
                assertThat(r.status()).as("%s %s", method, path).isBetween(400, 499);
            }
            for (int i = 0; i < 100; i++) { // the standard method with made-up ids and secrets
                RawHttp.exchange(ingress, RawHttp.post("/report/qzx-" + i + "/qzx-secret-" + i, "application/json",
                        "{}".getBytes()));
            }
            String after = HttpProbe.get(management, "/metrics").body();

            assertThat(after.toLowerCase(Locale.ROOT)).as("no label value taken from a request").doesNotContain("qzx");
            assertThat(series(after)).as("series after 1,100 made-up requests")
                    .hasSizeLessThanOrEqualTo(series(before).size() + 25);
            assertThat(after.length()).isLessThan(before.length() + 8_000);

            Set<String> poolNames = new TreeSet<>();
            Set<String> methods = new TreeSet<>();
            for (String line : after.lines().filter(l -> !l.startsWith("#")).toList()) {
                Matcher m = LABEL.matcher(line.contains("{") ? line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1) : "");
                while (m.find()) {
                    String value = m.group(2);
                    assertThat(value).as("label %s in %s", m.group(1), line)
                            .doesNotContain("127.0.0.1", ":" + yeastar.port(), ":" + ucm.port(), ":" + ingress);
                    if (m.group(1).equals("pool_name") && !line.contains("pool_type=\"worker\"")) {
                        poolNames.add(value);
                    }
                    if (m.group(1).equals("method")) {
                        methods.add(value);
                    }
                    assertThat(m.group(1)).isNotIn("path", "route", "remote", "local");
                }
            }
            // Fleet-level metrics (the default): a PBX's pool counts into its vendor's series.
            assertThat(poolNames).as("HTTP client pools, by the vendor of their PBX").contains("yeastar-s", "grandstream-ucm")
                    .isSubsetOf("yeastar-s", "grandstream-ucm", "other");
            assertThat(methods).isSubsetOf(METHODS);
        } finally {
            Await.result(yeastar.stop());
            Await.result(ucm.stop());
            Await.result(vertx.close());
        }
    }

    /** The series (name and labels) of a Prometheus text exposition. */
    private static Set<String> series(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> names.add(l.substring(0, l.lastIndexOf(' '))));
        return names;
    }
}
