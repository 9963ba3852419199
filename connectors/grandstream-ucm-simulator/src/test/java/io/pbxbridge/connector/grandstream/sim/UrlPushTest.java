package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.API_PASSWORD;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.API_USER;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

class UrlPushTest {
    private final Vertx vertx = Vertx.vertx();
    private UcmSimulator sim;

    @AfterEach
    void tearDown() {
        if (sim != null) {
            await(sim.stop());
        }
        await(vertx.close());
    }

    @Test
    void loginUrlReceivesNotifyBodiesReSentUntilAccepted() {
        List<JsonObject> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        HttpServer receiver = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            // Refuse the first two POSTs: the simulator must re-send the same report.
            if (attempts.incrementAndGet() <= 2) {
                req.response().setStatusCode(500).end();
                return;
            }
            accepted.add(b.toJsonObject());
            req.response().setStatusCode(200).end();
        })).listen(0, "127.0.0.1"));

        sim = await(UcmSimulator.start(vertx, SimTestSupport.options().pushRetryDelay(Duration.ofMillis(5))));
        SimTestSupport.Api api = new SimTestSupport.Api(vertx, sim.port());
        // The seed's form: "${ip}:${port}/${path}", without a scheme.
        JsonObject login = api.login(API_USER, API_PASSWORD, "127.0.0.1:" + receiver.actualPort() + "/ucm-reports");
        assertThat(login.getInteger("status")).isZero();

        SimCallSummary call = await(sim.runScenario(CallScenario.INTERNAL, "1000", "1001"));
        for (int i = 0; i < 500 && accepted.stream().noneMatch(b -> isDeleteOf(b, call.channels().get(0))); i++) {
            await(vertx.timer(10));
        }
        assertThat(attempts.get()).isGreaterThan(accepted.size());
        JsonObject first = accepted.get(0).getJsonArray("message").getJsonObject(0);
        assertThat(first.getString("action")).isEqualTo("notify");
        assertThat(first.getString("eventname")).isEqualTo("ActiveCallStatus");
        assertThat(first.getJsonArray("eventbody").getJsonObject(0).getString("action")).isEqualTo("add");
        assertThat(first.getJsonArray("eventbody").getJsonObject(0).getString("channel")).isEqualTo(call.channels().get(0));
        assertThat(accepted).anyMatch(b -> isDeleteOf(b, call.channels().get(0)));
        assertThat(sim.droppedPushes()).isZero();
        await(receiver.close());
    }

    private static boolean isDeleteOf(JsonObject body, String channel) {
        JsonObject n = body.getJsonArray("message").getJsonObject(0);
        return "ActiveCallStatus".equals(n.getString("eventname"))
                && "delete".equals(n.getJsonArray("eventbody").getJsonObject(0).getString("action"))
                && channel.equals(n.getJsonArray("eventbody").getJsonObject(0).getString("channel"));
    }
}
