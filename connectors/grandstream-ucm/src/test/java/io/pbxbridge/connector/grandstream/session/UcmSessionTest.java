package io.pbxbridge.connector.grandstream.session;

import io.pbxbridge.connector.grandstream.api.UcmTokens;
import io.pbxbridge.connector.grandstream.testing.Await;
import io.pbxbridge.connector.grandstream.testing.RecordingSink;
import io.pbxbridge.connector.grandstream.testing.ScriptedUcm;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.VendorAction;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UcmSessionTest {
    private Vertx vertx;
    private ScriptedUcm ucm;
    private RecordingSink sink;
    private TestPbx.States states;
    private UcmSession session;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        ucm = new ScriptedUcm(vertx);
        Await.result(ucm.start());
        sink = new RecordingSink();
        states = new TestPbx.States();
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            Await.result(session.stop());
        }
        Await.result(ucm.stop());
        Await.result(vertx.close());
    }

    private UcmSession start(String password, Map<String, String> options) {
        session = new UcmSession(vertx, TestPbx.config(ucm.port(), password, options), TestPbx.context(sink, states));
        Await.result(session.start());
        return session;
    }

    @Test
    void challengeLoginWithMd5TokenThenCookieInEveryRequestAndModelLearnt() {
        start(ScriptedUcm.API_PASSWORD, Map.of());

        assertThat(session.state()).isEqualTo(SessionState.UP);
        assertThat(session.model()).isEqualTo("UCM6304");
        JsonObject challenge = ucm.requests("challenge").get(0);
        assertThat(challenge.getString("user")).isEqualTo("cdrapi");
        assertThat(challenge.getString("version")).isEqualTo("1.0");
        assertThat(ucm.requests("login").get(0).getString("token"))
                .isEqualTo(UcmTokens.loginToken("0000001652831717", Secret.of(ScriptedUcm.API_PASSWORD)).reveal())
                .isEqualTo(md5Hex("0000001652831717" + ScriptedUcm.API_PASSWORD));
        assertThat(ucm.requests("getSystemGeneralStatus").get(0).getString("cookie")).startsWith("sid");
        assertThat(sink.pbxEvents(PbxEventType.SESSION_UP)).hasSize(1);

        ucm.accounts = new JsonArray().add(new JsonObject().put("extension", "1001").put("status", "Idle"));
        CommandOutcome outcome = Await.result(session.execute(vendor("listAccount", "{\"page\":\"1\"}")));
        assertThat(outcome.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(outcome.responseJson()).contains("\"1001\"");
        JsonObject sent = ucm.requests("listAccount").get(0);
        assertThat(sent.getString("cookie")).isEqualTo(ucm.requests("getSystemGeneralStatus").get(0).getString("cookie"));
        assertThat(sent.getString("page")).isEqualTo("1");
    }

    @Test
    void expiredCookieMeansOneReloginAndOneRetryAndNothingLost() {
        start(ScriptedUcm.API_PASSWORD, Map.of());
        ucm.expireCookies();

        CommandOutcome outcome = Await.result(session.execute(vendor("listAccount", null)));

        assertThat(outcome.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(ucm.count("login")).isEqualTo(2);
        assertThat(ucm.count("listAccount")).isEqualTo(2); // the -6 answer and the retry
        assertThat(sink.pbxEvents(PbxEventType.RELOGIN)).hasSize(1);
        assertThat(sink.pbxEvents(PbxEventType.RELOGIN).get(0).getReason()).contains("-6");
        assertThat(session.state()).isEqualTo(SessionState.UP);
    }

    @Test
    void cookieIsRenewedBeforeItExpires() {
        start(ScriptedUcm.API_PASSWORD, Map.of("cookie_refresh", "200ms"));

        Await.until("three logins", () -> ucm.count("login") >= 3);

        assertThat(session.state()).isEqualTo(SessionState.UP);
        assertThat(sink.pbxEvents(PbxEventType.RELOGIN)).isEmpty(); // routine refresh is not news
        CommandOutcome outcome = Await.result(session.execute(vendor("getSystemStatus", null)));
        assertThat(outcome.vendorErrorCode()).isNotEqualTo("-6");
    }

    @Test
    void wrongPasswordStopsAfterOneAttemptAndReportsAuthFailed() throws InterruptedException {
        start("wrong-password", Map.of());

        assertThat(session.state()).isEqualTo(SessionState.AUTH_FAILED);
        Thread.sleep(300); // several backoff periods: a retrying session would have logged in again by now
        assertThat(ucm.count("login")).isEqualTo(1);
        PbxEvent failed = sink.pbxEvents(PbxEventType.AUTH_FAILED).get(0);
        assertThat(failed.getReason()).contains("-37").contains("attempts left").doesNotContain("wrong-password");
        assertThat(states.seen).containsExactly(SessionState.AUTH_FAILED);
        CommandOutcome outcome = Await.result(session.execute(vendor("listAccount", null)));
        assertThat(outcome.status()).isEqualTo(CommandStatus.PBX_UNAVAILABLE);
    }

    @Test
    void loginRestrictionReportsLockedOutWithRemainTimeAndWaits() throws InterruptedException {
        ucm.loginOverride = new JsonObject().put("status", -68).put("response", new JsonObject().put("remain_time", 120));
        start(ScriptedUcm.API_PASSWORD, Map.of());

        assertThat(session.state()).isEqualTo(SessionState.LOCKED_OUT);
        PbxEvent locked = sink.pbxEvents(PbxEventType.LOCKED_OUT).get(0);
        assertThat(locked.getRetryAfterSeconds()).isEqualTo(120);
        assertThat(locked.getReason()).contains("-68");
        Thread.sleep(300);
        assertThat(ucm.count("login")).isEqualTo(1);
    }

    @Test
    void lockOutIsWaitedOutThenOneAttemptSucceeds() {
        ucm.loginOverride = new JsonObject().put("status", -70).put("remain_time", 0);
        start(ScriptedUcm.API_PASSWORD, Map.of("lockout_wait", "1ms"));
        assertThat(session.state()).isEqualTo(SessionState.LOCKED_OUT);
        ucm.loginOverride = null;

        Await.until("session up after the lock", () -> session.state() == SessionState.UP);

        assertThat(ucm.count("login")).isEqualTo(2);
        assertThat(states.seen).containsExactly(SessionState.LOCKED_OUT, SessionState.UP);
    }

    @Test
    void unreachablePbxIsRetriedWithBackoffUntilItAnswers() {
        int port = ucm.port();
        Await.result(ucm.stop());
        session = new UcmSession(vertx, TestPbx.config(port, ScriptedUcm.API_PASSWORD, Map.of()), TestPbx.context(sink, states));
        Await.result(session.start());
        assertThat(session.state()).isEqualTo(SessionState.DOWN);

        ucm = new ScriptedUcm(vertx);
        Await.result(ucm.startOn(port));
        Await.until("session up", () -> !sink.pbxEvents(PbxEventType.SESSION_UP).isEmpty());
        assertThat(session.state()).isEqualTo(SessionState.UP);
        assertThat(states.seen).containsExactly(SessionState.DOWN, SessionState.UP);
        assertThat(sink.pbxEvents(PbxEventType.SESSION_DOWN)).isEmpty(); // it was never up
    }

    @Test
    void stopLogsOutWithTheCookie() {
        start(ScriptedUcm.API_PASSWORD, Map.of());
        String cookie = ucm.requests("getSystemGeneralStatus").get(0).getString("cookie");

        Await.result(session.stop());

        assertThat(ucm.requests("logout")).hasSize(1);
        assertThat(ucm.requests("logout").get(0).getString("cookie")).isEqualTo(cookie);
        assertThat(session.state()).isEqualTo(SessionState.STOPPED);
        assertThat(sink.pbxEvents(PbxEventType.SESSION_DOWN)).hasSize(1);
        session = null;
    }

    @Test
    void vendorPassThroughRefusesSessionActionsAndBadJson() {
        start(ScriptedUcm.API_PASSWORD, Map.of());
        assertThat(Await.result(session.execute(vendor("login", null))).status()).isEqualTo(CommandStatus.INVALID);
        assertThat(Await.result(session.execute(vendor("listAccount", "[1]"))).status()).isEqualTo(CommandStatus.INVALID);
        Command dial = Command.newBuilder().setCommandId("c2").setPbxId("ucm-1").setIssuedAt(Instant.now())
                .setAction(CommandAction.DIAL).build();
        assertThat(Await.result(session.execute(dial)).status()).isEqualTo(CommandStatus.INVALID); // no dial record
        Command sms = Command.newBuilder().setCommandId("c3").setPbxId("ucm-1").setIssuedAt(Instant.now())
                .setAction(CommandAction.SEND_SMS).build();
        assertThat(Await.result(session.execute(sms)).status()).isEqualTo(CommandStatus.NOT_SUPPORTED);
        CommandOutcome unknown = Await.result(session.execute(vendor("noSuchAction", null)));
        assertThat(unknown.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(unknown.vendorErrorCode()).isEqualTo("-19");
    }

    private static Command vendor(String action, String params) {
        return Command.newBuilder().setCommandId("c1").setPbxId("ucm-1").setIssuedAt(Instant.now())
                .setAction(CommandAction.VENDOR)
                .setVendor(VendorAction.newBuilder().setAction(action).setParametersJson(params).build())
                .build();
    }

    private static String md5Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void loginNamesTheReportUrlOnlyWhenNoWebSocketCarriesTheSameEvents() {
        java.net.URI reportUrl = java.net.URI.create("http://bridge.example:8080/reports/ucm-1/secret-path");
        session = new UcmSession(vertx, TestPbx.config(ucm.port(), ScriptedUcm.API_PASSWORD, Map.of()),
                new io.pbxbridge.connector.spi.SessionContext(sink, states, TestPbx.BRIDGE, reportUrl));
        Await.result(session.start());
        assertThat(ucm.requests("login").get(0).getString("url")).isEqualTo(reportUrl.toString());
        Await.result(session.stop());

        session = new UcmSession(vertx, TestPbx.config(ucm.port(), ScriptedUcm.API_PASSWORD, Map.of("ws_username", "admin")),
                new io.pbxbridge.connector.spi.SessionContext(sink, states, TestPbx.BRIDGE, reportUrl));
        Await.result(session.start());
        assertThat(ucm.requests("login").get(1).containsKey("url")).isFalse();

        assertThat(UcmSession.pushReports(TestPbx.config(1, "x", Map.of("ws_username", "admin", "report_push", "true")))).isTrue();
        assertThat(UcmSession.pushReports(TestPbx.config(1, "x", Map.of("report_push", "false")))).isFalse();
    }
}
