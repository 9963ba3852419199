package io.pbxbridge.bridge.management;

import io.pbxbridge.bridge.config.ManagementConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ManagementServerTest {
    private BridgeMetrics metrics;
    private Vertx vertx;
    private ReadinessChecks readiness;
    private ManagementServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        metrics = new BridgeMetrics("test-instance");
        vertx = metrics.newVertx(new VertxOptions());
        readiness = new ReadinessChecks(vertx, Duration.ofMillis(300));
        server = new ManagementServer(vertx, new ManagementConfig("127.0.0.1", 0), metrics, readiness);
        port = server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        metrics.close();
    }

    static ReadinessCheck check(String name, AtomicReference<CheckResult> state) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Future<CheckResult> check() {
                return Future.succeededFuture(state.get());
            }
        };
    }

    @Test
    void liveAnswers200() throws Exception {
        HttpResponse<String> r = HttpProbe.get(port, "/health/live");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("status")).isEqualTo("UP");
    }

    @Test
    void readyFollowsItsChecks() throws Exception {
        AtomicReference<CheckResult> kafka = new AtomicReference<>(CheckResult.failing("Kafka not reachable: timeout"));
        AtomicReference<CheckResult> pbx = new AtomicReference<>(CheckResult.passing("session up"));
        readiness.register(check("kafka", kafka));
        readiness.register(check("pbx.office-1", pbx));

        HttpResponse<String> down = HttpProbe.get(port, "/health/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        JsonObject downBody = new JsonObject(down.body());
        assertThat(downBody.getString("status")).isEqualTo("DOWN");
        assertThat(downBody.getJsonObject("checks").getJsonObject("kafka").getString("status")).isEqualTo("DOWN");
        assertThat(downBody.getJsonObject("checks").getJsonObject("kafka").getString("reason"))
                .isEqualTo("Kafka not reachable: timeout");
        assertThat(downBody.getJsonObject("checks").getJsonObject("pbx.office-1").getString("status")).isEqualTo("UP");

        kafka.set(CheckResult.passing("1 broker(s)"));
        HttpResponse<String> up = HttpProbe.get(port, "/health/ready");
        assertThat(up.statusCode()).isEqualTo(200);
        JsonObject upBody = new JsonObject(up.body());
        assertThat(upBody.getString("status")).isEqualTo("UP");
        assertThat(upBody.getJsonObject("checks").getJsonObject("kafka").getString("detail")).isEqualTo("1 broker(s)");
        assertThat(up.headers().firstValue("Content-Type")).contains("application/json");
    }

    @Test
    void failedOrSilentChecksAreDownWithAReason() throws Exception {
        readiness.register(new ReadinessCheck() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Future<CheckResult> check() {
                return Future.failedFuture("boom");
            }
        });
        readiness.register(new ReadinessCheck() {
            @Override
            public String name() {
                return "hung";
            }

            @Override
            public Future<CheckResult> check() {
                return Promise.<CheckResult>promise().future(); // never completes
            }
        });
        HttpResponse<String> r = HttpProbe.get(port, "/health/ready");
        assertThat(r.statusCode()).isEqualTo(503);
        JsonObject checks = new JsonObject(r.body()).getJsonObject("checks");
        assertThat(checks.getJsonObject("broken").getString("reason")).isEqualTo("boom");
        assertThat(checks.getJsonObject("hung").getString("reason")).startsWith("no answer within 300 ms");
    }

    @Test
    void reRegisteringReplacesACheck() throws Exception {
        readiness.register(check("kafka", new AtomicReference<>(CheckResult.failing("old"))));
        readiness.register(check("kafka", new AtomicReference<>(CheckResult.passing())));
        assertThat(readiness.names()).containsExactly("kafka");
        assertThat(HttpProbe.get(port, "/health/ready").statusCode()).isEqualTo(200);
        readiness.unregister("kafka");
        assertThat(readiness.names()).isEmpty();
    }

    @Test
    void metricsArePrometheusTextWithJvmAndVertxMeters() throws Exception {
        HttpProbe.get(port, "/health/live"); // a request: no per-request Vert.x server meter may result
        HttpResponse<String> r = HttpProbe.get(port, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body())
                .contains("# TYPE jvm_memory_used_bytes gauge")
                .contains("jvm_memory_used_bytes{")
                .contains("vertx_pool_in_use")
                .contains("pbx_bridge_version{instance=\"test-instance\"");
        // No per-path labels (report URLs carry PBX ids and secrets), no per-request server meters.
        assertThat(r.body()).doesNotContain("path=\"/health/live\"").doesNotContain("vertx_http_server_");
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertThat(HttpProbe.get(port, "/nope").statusCode()).isEqualTo(404);
    }
}
