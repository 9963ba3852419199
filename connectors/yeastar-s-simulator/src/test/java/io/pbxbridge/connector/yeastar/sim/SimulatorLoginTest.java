package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.pbxbridge.connector.yeastar.sim.SimTestSupport.errno;
import static org.assertj.core.api.Assertions.assertThat;

class SimulatorLoginTest extends SimulatorTestBase {

    @Test
    void loginWithMd5PasswordReturnsA32HexToken() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = client();
        JsonObject r = c.login(c.loginBody("S3cret-pw", receiver.port(), "1.0.2"));
        assertThat(r.getString("status")).isEqualTo("Success");
        assertThat(r.getString("token")).matches("[0-9a-f]{32}");
        assertThat(r.containsKey("transport")).isFalse();
    }

    @Test
    void v2LoginAlsoNamesTheTransportAndDefaultsThePort() {
        startSim(YeastarApiVersion.V2_0_0);
        SimTestSupport.ApiClient c = client();
        JsonObject body = c.loginBody("S3cret-pw", 1, "2.0.0");
        body.remove("port");
        JsonObject r = c.login(body);
        assertThat(r.getString("status")).isEqualTo("Success");
        assertThat(r.getString("transport")).isEqualTo("HTTP");
    }

    @Test
    void loginErrorsFollowTheDocumentedCodes() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = client();
        assertThat(errno(c.login(c.loginBody("wrong", receiver.port(), null)))).isEqualTo("20003");
        JsonObject noUser = c.loginBody("S3cret-pw", receiver.port(), null);
        noUser.remove("username");
        assertThat(errno(c.login(noUser))).isEqualTo("10004");
        JsonObject noPort = c.loginBody("S3cret-pw", receiver.port(), null);
        noPort.remove("port");
        assertThat(errno(c.login(noPort))).isEqualTo("10004");
        assertThat(errno(c.login(c.loginBody("S3cret-pw", 70000, null)))).isEqualTo("20008");
        assertThat(errno(c.raw("login", "", null))).isEqualTo("20007");
        assertThat(errno(c.raw("login", "{not json", null))).isEqualTo("20000");
        JsonObject wrongUser = c.loginBody("S3cret-pw", receiver.port(), null).put("username", "admin");
        assertThat(errno(c.login(wrongUser))).isEqualTo("20003");
        // the clear password is never accepted: the PBX wants its MD5
        JsonObject clear = c.loginBody("S3cret-pw", receiver.port(), null).put("password", "S3cret-pw");
        assertThat(errno(c.login(clear))).isEqualTo("20003");
    }

    @Test
    void fiveFailuresLockTheSourceIpUntilTheLockExpires() {
        startSim(YeastarApiVersion.V1_1_0, b -> b.lockDuration(Duration.ofMinutes(10)));
        SimTestSupport.ApiClient c = client("127.0.0.1");
        for (int i = 0; i < 5; i++) {
            assertThat(errno(c.login(c.loginBody("wrong", receiver.port(), null)))).isEqualTo("20003");
        }
        assertThat(errno(c.login(c.loginBody("S3cret-pw", receiver.port(), null)))).isEqualTo("20002");

        // another source IP is not locked
        SimTestSupport.ApiClient other = client("127.0.0.2");
        assertThat(other.login(other.loginBody("S3cret-pw", receiver.port(), null)).getString("status"))
                .isEqualTo("Success");

        clock.advance(Duration.ofMinutes(9));
        assertThat(errno(c.login(c.loginBody("S3cret-pw", receiver.port(), null)))).isEqualTo("20002");
        clock.advance(Duration.ofMinutes(1));
        assertThat(c.login(c.loginBody("S3cret-pw", receiver.port(), null)).getString("status")).isEqualTo("Success");
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = client();
        for (int i = 0; i < 4; i++) {
            c.login(c.loginBody("wrong", receiver.port(), null));
        }
        c.loginOk(receiver.port());
        for (int i = 0; i < 4; i++) {
            assertThat(errno(c.login(c.loginBody("wrong", receiver.port(), null)))).isEqualTo("20003");
        }
        assertThat(c.login(c.loginBody("S3cret-pw", receiver.port(), null)).getString("status")).isEqualTo("Success");
    }

    @Test
    void tokenErrorsExpiryHeartbeatAndLogout() {
        startSim(YeastarApiVersion.V1_1_0, b -> b.tokenTtl(Duration.ofMinutes(30)));
        SimTestSupport.ApiClient c = loggedIn();
        String token = c.token;
        assertThat(errno(c.raw("deviceinfo/query", "", null))).isEqualTo("20005");
        assertThat(errno(c.raw("deviceinfo/query", "", "0123456789abcdef0123456789abcdef"))).isEqualTo("20004");
        assertThat(c.post("deviceinfo/query", null).getString("status")).isEqualTo("Success");

        // each request extends the token by the TTL
        clock.advance(Duration.ofMinutes(20));
        assertThat(c.post("heartbeat", null).getString("status")).isEqualTo("Success");
        clock.advance(Duration.ofMinutes(20));
        assertThat(c.post("extensionlist/query", null).getString("status")).isEqualTo("Success");

        // no interaction for the whole TTL: timed out
        clock.advance(Duration.ofMinutes(30));
        assertThat(errno(c.post("deviceinfo/query", null))).isEqualTo("20006");
        assertThat(errno(c.post("heartbeat", null))).isEqualTo("20006");

        c.loginOk(receiver.port());
        assertThat(c.token).isNotEqualTo(token);
        assertThat(c.post("logout", null).getString("status")).isEqualTo("Success");
        assertThat(errno(c.post("deviceinfo/query", null))).isEqualTo("20004");
    }

    @Test
    void unknownEndpointsMethodsAndBodiesAreRejectedWithHttp200() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        assertThat(errno(c.post("extension/teleport", new JsonObject()))).isEqualTo("10003");
        assertThat(errno(c.get("extensionlist/query"))).isEqualTo("20001");
        assertThat(errno(c.raw("extension/query", "[1,2]", c.token))).isEqualTo("20000");
        // the v2 call/* family does not exist on a v1.1.0 PBX
        assertThat(errno(c.post("call/dial", new JsonObject().put("caller", "1000").put("callee", "1001"))))
                .isEqualTo("10003");
    }

    @Test
    void recorderMasksTokenAndPassword() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        c.post("extension/query", new JsonObject().put("extid", "1001"));
        RecordedRequest login = sim.requestsTo("login").get(0);
        assertThat(login.field("password")).isEqualTo("****");
        assertThat(login.field("username")).isEqualTo("api");
        assertThat(login.succeeded()).isTrue();
        RecordedRequest q = SimTestSupport.await(sim.awaitRequest("extension/query", Duration.ofSeconds(5)));
        assertThat(q.query()).containsEntry("token", "****");
        assertThat(q.query().toString()).doesNotContain(c.token);
        assertThat(q.field("extid")).isEqualTo("1001");
        assertThat(q.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(q.errno()).isNull();
        assertThat(sim.requests().toString()).doesNotContain(c.token).doesNotContain(SimApi.md5("S3cret-pw"));

        c.post("extension/query", new JsonObject().put("extid", "9999"));
        assertThat(sim.requestsTo("extension/query")).extracting(RecordedRequest::errno).containsExactly(null, "10006");
        sim.clearRequests();
        assertThat(sim.requests()).isEmpty();
        Throwable t = SimTestSupport.awaitFailure(sim.awaitRequest("extension/query", Duration.ofMillis(50)));
        assertThat(t).isInstanceOf(java.util.concurrent.TimeoutException.class);
    }
}
