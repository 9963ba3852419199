package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS/WSS with a test keystore (self-signed, CN=ucm-sim.test, SAN 127.0.0.1), as a real UCM on 8089. */
class TlsTest {
    private static final PfxOptions KEYSTORE = new PfxOptions().setPath("ucm-sim-tls.p12").setPassword("ucm-sim-test");
    private final Vertx vertx = Vertx.vertx();
    private UcmSimulator sim;
    private WebClient trusting;
    private WebClient strict;
    private io.vertx.core.http.WebSocketClient wsClient;

    @AfterEach
    void tearDown() {
        if (sim != null) {
            await(sim.stop());
        }
        await(vertx.close());
    }

    @Test
    void servesTheApiAndTheWebSocketOverTls() {
        sim = await(UcmSimulator.start(vertx, SimTestSupport.options().tls(KEYSTORE)));
        assertThat(sim.scheme()).isEqualTo("https");
        // Clients are kept in fields: Vert.x closes a client that becomes unreachable, even mid-request.
        trusting = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustOptions(KEYSTORE));
        JsonObject r = await(trusting.post(sim.port(), "127.0.0.1", "/api").sendJsonObject(new JsonObject()
                .put("request", new JsonObject().put("action", "challenge").put("user", SimTestSupport.API_USER))))
                .bodyAsJsonObject();
        assertThat(r.getInteger("status")).isZero();

        wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustOptions(KEYSTORE));
        WebSocket ws = await(wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(sim.port()).setURI("/websockify")));
        assertThat(ws.isSsl()).isTrue();
        await(ws.close());

        // An unconfigured client does not trust the self-signed certificate, as with a factory-fresh UCM.
        strict = WebClient.create(vertx, new WebClientOptions().setSsl(true));
        assertThatThrownBy(() -> await(strict.post(sim.port(), "127.0.0.1", "/api").sendJsonObject(new JsonObject())))
                .isInstanceOf(AssertionError.class);
    }
}
