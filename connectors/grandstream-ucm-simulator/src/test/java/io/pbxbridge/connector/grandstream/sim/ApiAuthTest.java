package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.API_PASSWORD;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.API_USER;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

class ApiAuthTest {
    private final Vertx vertx = Vertx.vertx();
    private UcmSimulator sim;

    @AfterEach
    void tearDown() {
        if (sim != null) {
            await(sim.stop());
        }
        await(vertx.close());
    }

    private SimTestSupport.Api start(UcmSimulatorOptions o) {
        sim = await(UcmSimulator.start(vertx, o));
        return new SimTestSupport.Api(vertx, sim.port());
    }

    @Test
    void challengeThenLoginGivesACookieThatAuthorisesActions() {
        SimTestSupport.Api api = start(SimTestSupport.options().model(UcmModel.FCM630A));
        String challenge = api.challenge(API_USER);
        assertThat(challenge).matches("\\d{16}");

        JsonObject login = api.call(new JsonObject().put("action", "login").put("user", API_USER)
                .put("token", Md5.token(challenge, API_PASSWORD)));
        assertThat(login.getInteger("status")).isZero();
        api.cookie = login.getJsonObject("response").getString("cookie");
        assertThat(api.cookie).matches("sid\\d+-\\d+");

        JsonObject general = api.send("getSystemGeneralStatus");
        assertThat(general.getInteger("status")).isZero();
        assertThat(general.getJsonObject("response").getString("product-model")).isEqualTo("FCM630A V1.5A");
        JsonObject status = api.send("getSystemStatus");
        assertThat(status.getJsonObject("response").getString("up-time")).matches("\\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void modelIsReportedAsConfigured() {
        SimTestSupport.Api api = start(SimTestSupport.options().model(UcmModel.UCM6302)).loggedIn();
        assertThat(api.send("getSystemGeneralStatus").getJsonObject("response").getString("product-model")).isEqualTo("UCM6302");
    }

    @Test
    void aChallengeIsSingleUseAndBoundToTheUser() {
        SimTestSupport.Api api = start(SimTestSupport.options());
        String challenge = api.challenge(API_USER);
        JsonObject login = new JsonObject().put("action", "login").put("user", API_USER).put("token", Md5.token(challenge, API_PASSWORD));
        assertThat(api.call(login.copy()).getInteger("status")).isZero();
        JsonObject replay = api.call(login.copy());
        assertThat(replay.getInteger("status")).isEqualTo(-37);
        assertThat(replay.getJsonObject("response").getInteger("remain_num")).isEqualTo(4);
    }

    @Test
    void unknownUserAnswersMinus71() {
        SimTestSupport.Api api = start(SimTestSupport.options());
        JsonObject r = api.call(new JsonObject().put("action", "challenge").put("user", "nobody").put("version", "1.0"));
        assertThat(r.getInteger("status")).isEqualTo(-71);
        JsonObject missingUser = api.call(new JsonObject().put("action", "challenge").put("version", "1.0"));
        assertThat(missingUser.getInteger("status")).isEqualTo(-1);
    }

    @Test
    void failedLoginsCountDownThenTheIpIsBannedEvenForTheRightPassword() {
        SimTestSupport.Api api = start(SimTestSupport.options().lockout(3, Duration.ofMinutes(2)));
        JsonObject first = api.login(API_USER, "wrong");
        assertThat(first.getInteger("status")).isEqualTo(-37);
        assertThat(first.getJsonObject("response").getInteger("remain_num")).isEqualTo(2);
        JsonObject second = api.login(API_USER, "wrong");
        assertThat(second.getJsonObject("response").getInteger("remain_num")).isEqualTo(1);
        JsonObject third = api.login(API_USER, "wrong");
        assertThat(third.getInteger("status")).isEqualTo(-68);
        assertThat(third.getJsonObject("response").getInteger("remain_time")).isBetween(1, 120);

        JsonObject challenge = api.call(new JsonObject().put("action", "challenge").put("user", API_USER));
        assertThat(challenge.getInteger("status")).isEqualTo(-68);
        assertThat(challenge.getJsonObject("response").getInteger("remain_time")).isPositive();
        assertThat(api.cookie).isNull();
    }

    @Test
    void aSuccessfulLoginResetsTheFailureCount() {
        SimTestSupport.Api api = start(SimTestSupport.options().lockout(3, Duration.ofMinutes(2)));
        api.login(API_USER, "wrong");
        api.login(API_USER, "wrong");
        assertThat(api.login(API_USER, API_PASSWORD).getInteger("status")).isZero();
        assertThat(api.login(API_USER, "wrong").getJsonObject("response").getInteger("remain_num")).isEqualTo(2);
    }

    @Test
    void forbiddenLoginAnswersMinus70() {
        SimTestSupport.Api api = start(SimTestSupport.options().loginForbidden(true));
        JsonObject r = api.call(new JsonObject().put("action", "challenge").put("user", API_USER));
        assertThat(r.getInteger("status")).isEqualTo(-70);
    }

    @Test
    void missingUnknownAndExpiredCookiesAnswerMinus6() {
        SimTestSupport.Api api = start(SimTestSupport.options().cookieTtl(Duration.ofMillis(300))).loggedIn();
        assertThat(api.send("getSystemStatus").getInteger("status")).isZero();
        assertThat(api.call(new JsonObject().put("action", "getSystemStatus")).getInteger("status")).isEqualTo(-6);
        assertThat(api.call(new JsonObject().put("action", "getSystemStatus").put("cookie", "sid1-1")).getInteger("status")).isEqualTo(-6);

        await(vertx.timer(400));
        assertThat(api.send("getSystemStatus").getInteger("status")).isEqualTo(-6);
        api.loggedIn();
        assertThat(api.send("getSystemStatus").getInteger("status")).isZero();
    }

    @Test
    void logoutEndsTheSession() {
        SimTestSupport.Api api = start(SimTestSupport.options()).loggedIn();
        assertThat(api.send("logout").getInteger("status")).isZero();
        assertThat(api.send("listAccount").getInteger("status")).isEqualTo(-6);
    }

    @Test
    void unknownActionsAndBadBodiesAreRefused() {
        SimTestSupport.Api api = start(SimTestSupport.options()).loggedIn();
        assertThat(api.send("rebootPbx").getInteger("status")).isEqualTo(-19);
        // Action names are case-sensitive as documented: "Hangup", not "hangup".
        assertThat(api.send("hangup", "channel", "PJSIP/1000-00000001").getInteger("status")).isEqualTo(-19);
        var raw = api.rawBody(io.vertx.core.buffer.Buffer.buffer("not json"));
        assertThat(raw.bodyAsJsonObject().getInteger("status")).isEqualTo(-1);
    }
}
