package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.pbxbridge.connector.yeastar.sim.SimTestSupport.await;
import static io.pbxbridge.connector.yeastar.sim.SimTestSupport.errno;
import static org.assertj.core.api.Assertions.assertThat;

class SimulatorFaultsTest extends SimulatorTestBase {

    @Test
    void rebootDropsTokensAndCallsAndPushesBootUp() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        String callId = c.post("extension/dial_extension", new JsonObject().put("caller", "1000").put("callee", "1001"))
                .getString("callid");
        receiver.awaitBody(b -> b.contains("ANSWERED"));
        sim.faults().reboot();
        receiver.awaitBody(b -> b.equals("{\"action\":\"BootUp\",\"sn\":\"369351034049\"}"));
        assertThat(errno(c.post("extensionlist/query", null))).isEqualTo("20004");
        c.loginOk(receiver.port());
        JsonObject list = c.post("extensionlist/query", null);
        assertThat(list.getJsonArray("extlist").stream().map(o -> ((JsonObject) o).getString("status")))
                .containsOnly("Registered");
        assertThat(errno(c.post("extension/hangup", new JsonObject().put("extid", "1000")))).isEqualTo("10007");
        assertThat(receiver.bodiesOf(callId)).noneMatch(b -> b.contains("NewCdr"));
    }

    @Test
    void v2BootUpUsesTheEventKey() {
        startSim(YeastarApiVersion.V2_0_0);
        loggedIn();
        sim.faults().reboot();
        receiver.awaitBody(b -> b.equals("{\"event\":\"BootUp\",\"sn\":\"369351034049\"}"));
    }

    @Test
    void noBootUpWhenNobodyIsLoggedIn() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        c.post("logout", null);
        sim.faults().reboot();
        // a marker report queued after the reboot proves the reboot has been processed
        SimTestSupport.ApiClient again = loggedIn();
        again.post("extension/update", new JsonObject().put("extid", "1001").put("username", "x"));
        receiver.awaitBody(b -> b.contains("ConfigChange"));
        assertThat(receiver.names()).doesNotContain("BootUp");
    }

    @Test
    void failNextAnswersTheStatusThenRecovers() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        sim.faults().failNext(2, 503);
        assertThat(c.send("deviceinfo/query", "", c.token).statusCode()).isEqualTo(503);
        assertThat(c.send("deviceinfo/query", "", c.token).statusCode()).isEqualTo(503);
        HttpResponse<Buffer> ok = c.send("deviceinfo/query", "", c.token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.bodyAsJsonObject().getJsonObject("deviceinfo").getString("sn")).isEqualTo("369351034049");
        assertThat(sim.requestsTo("deviceinfo/query")).extracting(RecordedRequest::httpStatus).containsExactly(503, 503, 200);
    }

    @Test
    void droppedConnectionsGetNoAnswer() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        sim.faults().dropConnections(1);
        Throwable t = SimTestSupport.awaitFailure(c.sendAsync("deviceinfo/query", "", 5_000));
        assertThat(t).isNotInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(sim.requestsTo("deviceinfo/query")).extracting(RecordedRequest::httpStatus).containsExactly(0);
        assertThat(c.post("deviceinfo/query", null).getString("status")).isEqualTo("Success");
    }

    @Test
    void slowResponsesDelayTheAnswer() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        sim.faults().slowResponses(Duration.ofSeconds(1));
        Throwable t = SimTestSupport.awaitFailure(c.sendAsync("deviceinfo/query", "", 100));
        assertThat(t).hasMessageContaining("timeout");
        sim.faults().slowResponses(Duration.ZERO);
        assertThat(c.post("deviceinfo/query", null).getString("status")).isEqualTo("Success");
    }

    @Test
    void expireTokensTimesOutEveryToken() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        sim.faults().expireTokens();
        awaitErrno(c, "20006");
        c.loginOk(receiver.port());
        assertThat(c.post("deviceinfo/query", null).getString("status")).isEqualTo("Success");
    }

    @Test
    void unlockIpsLiftsALock() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = client();
        for (int i = 0; i < 5; i++) {
            c.login(c.loginBody("nope", receiver.port(), null));
        }
        assertThat(errno(c.login(c.loginBody("S3cret-pw", receiver.port(), null)))).isEqualTo("20002");
        sim.faults().unlockIps();
        await(vertx.timer(20));
        assertThat(c.login(c.loginBody("S3cret-pw", receiver.port(), null)).getString("status")).isEqualTo("Success");
    }

    private void awaitErrno(SimTestSupport.ApiClient c, String expected) {
        // expireTokens() hops onto the simulator's event loop; poll until it has run
        long deadline = System.nanoTime() + SimTestSupport.WAIT.toNanos();
        String got = null;
        while (System.nanoTime() < deadline) {
            got = errno(c.post("deviceinfo/query", null));
            if (expected.equals(got)) {
                return;
            }
            SimTestSupport.sleep(5);
        }
        assertThat(got).isEqualTo(expected);
    }
}
