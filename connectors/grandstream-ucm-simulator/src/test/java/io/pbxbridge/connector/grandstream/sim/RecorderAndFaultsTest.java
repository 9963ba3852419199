package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.API_PASSWORD;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.WEB_PASSWORD;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.WEB_USER;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecorderAndFaultsTest {
    private final Vertx vertx = Vertx.vertx();
    private UcmSimulator sim;
    private SimTestSupport.Api api;

    @BeforeEach
    void start() {
        sim = await(UcmSimulator.start(vertx, SimTestSupport.options()));
        api = new SimTestSupport.Api(vertx, sim.port()).loggedIn();
    }

    @AfterEach
    void tearDown() {
        await(sim.stop());
        await(vertx.close());
    }

    @Test
    void everyRequestIsRecordedWithCredentialsMasked() {
        api.send("updateSIPAccount", "extension", "1000", "secret", "n3wSecret", "vmsecret", "9876");
        api.send("nonsense");
        List<RecordedRequest> all = sim.requests();
        assertThat(all).extracting(RecordedRequest::action)
                .containsExactly("challenge", "login", "updateSIPAccount", "nonsense");
        RecordedRequest login = sim.requestsFor("login").get(0);
        assertThat(login.params().getString("token")).isEqualTo("******");
        assertThat(login.status()).isZero();
        RecordedRequest update = sim.requestsFor("updateSIPAccount").get(0);
        assertThat(update.params().getString("cookie")).isEqualTo("******");
        assertThat(update.params().getString("secret")).isEqualTo("******");
        assertThat(update.params().getString("vmsecret")).isEqualTo("******");
        assertThat(update.params().getString("extension")).isEqualTo("1000");
        assertThat(sim.requestsFor("nonsense").get(0).status()).isEqualTo(-19);
        String dump = all.toString();
        assertThat(dump).doesNotContain(api.cookie).doesNotContain("n3wSecret").doesNotContain(API_PASSWORD);

        sim.clearRequests();
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void awaitRequestWaitsForTheAction() {
        var pending = sim.awaitRequest("listQueue", Duration.ofSeconds(5));
        assertThat(pending.isComplete()).isFalse();
        api.send("listQueue");
        assertThat(await(pending).status()).isZero();
        // Already recorded: answered at once.
        assertThat(await(sim.awaitRequest("listQueue", Duration.ofMillis(1))).action()).isEqualTo("listQueue");
        assertThatThrownBy(() -> await(sim.awaitRequest("getQueue", Duration.ofMillis(20))))
                .hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    void failNextAnswersBareHttpErrorsThenRecovers() {
        sim.failNext(2, 503);
        assertThat(api.raw(new JsonObject().put("action", "listAccount").put("cookie", api.cookie)).statusCode()).isEqualTo(503);
        assertThat(api.raw(new JsonObject().put("action", "listAccount").put("cookie", api.cookie)).statusCode()).isEqualTo(503);
        assertThat(api.send("listAccount").getInteger("status")).isZero();
        assertThat(sim.requestsFor("listAccount")).extracting(RecordedRequest::httpStatus).containsExactly(503, 503, 200);
        assertThat(sim.requestsFor("listAccount").get(0).status()).isNull();
    }

    @Test
    void failNextWithStatusForcesApiStatuses() {
        sim.failNextWithStatus(1, -8);
        assertThat(api.send("getSystemStatus").getInteger("status")).isEqualTo(-8);
        assertThat(api.send("getSystemStatus").getInteger("status")).isZero();
    }

    @Test
    void slowResponsesStillAnswer() {
        sim.slowResponses(Duration.ofMillis(50));
        assertThat(api.send("getSystemStatus").getInteger("status")).isZero();
        sim.slowResponses(Duration.ZERO);
        assertThat(api.send("getSystemStatus").getInteger("status")).isZero();
    }

    @Test
    void invalidatedCookiesAnswerMinus6UntilTheNextLogin() {
        sim.invalidateCookies();
        assertThat(api.send("listAccount").getInteger("status")).isEqualTo(-6);
        api.loggedIn();
        assertThat(api.send("listAccount").getInteger("status")).isZero();
    }

    @Test
    void rebootDropsCookiesWebSocketsAndCalls() {
        SimTestSupport.Ws ws = new SimTestSupport.Ws(vertx, sim.port());
        ws.login(WEB_USER, WEB_PASSWORD);
        Promise<Void> closed = Promise.promise();
        ws.socket.closeHandler(v -> closed.tryComplete());
        api.send("dialExtension", "caller", "1000", "callee", "1001");
        await(sim.reboot());
        await(closed.future());
        assertThat(api.send("listAccount").getInteger("status")).isEqualTo(-6);
        api.loggedIn();
        assertThat(api.send("listBridgedChannels").getJsonObject("response").getInteger("total_item")).isZero();
        assertThat(api.send("listUnBridgedChannels").getJsonObject("response").getInteger("total_item")).isZero();
        assertThat(await(sim.liveCalls())).isZero();
    }

    @Test
    void trafficGeneratesCallsAndCdrs() {
        sim.startTraffic(200);
        for (int i = 0; i < 500 && sim.cdrCount() < 10; i++) {
            await(vertx.timer(10));
        }
        sim.stopTraffic();
        assertThat(sim.cdrCount()).isGreaterThanOrEqualTo(10);
        assertThat(sim.trafficFailures()).isZero();
    }
}
