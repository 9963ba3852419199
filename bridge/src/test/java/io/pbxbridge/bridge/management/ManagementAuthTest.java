package io.pbxbridge.bridge.management;

import io.pbxbridge.bridge.config.ManagementConfig;
import io.pbxbridge.connector.spi.Secret;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The optional credentials of the management port: the page asks for them, probes never do. */
class ManagementAuthTest {
    private static final String PASSWORD = "correct-horse-battery";
    private static final String TOKEN = "0123456789abcdef-token";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private BridgeMetrics metrics;
    private Vertx vertx;
    private ManagementServer server;
    private int port;

    private void start(ManagementConfig config) throws Exception {
        metrics = new BridgeMetrics("auth-test");
        vertx = metrics.newVertx(new VertxOptions());
        server = new ManagementServer(vertx, config, metrics, new ReadinessChecks(vertx));
        server.addPage(router -> router.get("/").handler(ctx -> ctx.response().end("the page")));
        port = server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        metrics.close();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static ManagementConfig config(String user, String password, String token, boolean protectMetrics) {
        return new ManagementConfig("127.0.0.1", 0, user, Secret.of(password), Secret.of(token), protectMetrics);
    }

    @Test
    void withoutCredentialsConfiguredEverythingIsOpen() throws Exception {
        start(new ManagementConfig("127.0.0.1", 0));
        assertThat(get("/", null).body()).isEqualTo("the page");
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
    }

    @Test
    void basicAuthGuardsThePageButNotProbesOrMetrics() throws Exception {
        start(config("operator", PASSWORD, null, false));

        HttpResponse<String> refused = get("/", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> v.startsWith("Basic realm="));
        assertThat(get("/", basic("operator", "wrong")).statusCode()).isEqualTo(401);
        assertThat(get("/", basic("someone", PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(get("/", "Bearer " + PASSWORD).statusCode()).isEqualTo(401);
        assertThat(get("/", "Basic !!not-base64!!").statusCode()).isEqualTo(401);
        assertThat(get("/", basic("operator", PASSWORD)).body()).isEqualTo("the page");
        // Unknown paths behind the guard do not reveal themselves either.
        assertThat(get("/events", null).statusCode()).isEqualTo(401);

        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
        assertThat(refused.body()).doesNotContain(PASSWORD).doesNotContain("operator");
    }

    @Test
    void aTokenWorksAsBearerOrAsTheBrowsersBasicPasswordAndCanGuardMetrics() throws Exception {
        start(config(null, null, TOKEN, true));

        assertThat(get("/", "Bearer " + TOKEN).body()).isEqualTo("the page");
        assertThat(get("/", "bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/", basic("anyone", TOKEN)).statusCode()).isEqualTo(200);
        assertThat(get("/", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);

        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
    }
}
