package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.SessionListener;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.yeastar.session.YeastarSession;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.pbxbridge.connector.yeastar.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@link YeastarSession} against a PBX stand-in over loopback HTTP: the session feeds the call
 * tracker from {@code observe}, its executor maps the command, and the request reaches the PBX with
 * the token, the right path and the exact body. (The full simulator comes with its own branch.)
 */
class SessionCommandLoopbackTest {
    private Vertx vertx;
    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** Reply per endpoint path; login, logout and heartbeat are always answered. */
    private final Map<String, String> replies = new ConcurrentHashMap<>();
    private YeastarSession session;

    @BeforeEach
    void startPbx() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String path = req.path();
            String reply;
            if (path.endsWith("/login")) {
                reply = "{\"status\":\"Success\",\"token\":\"tok-42\"}";
            } else if (path.endsWith("/logout") || path.endsWith("/heartbeat")) {
                reply = "{\"status\":\"Success\"}";
            } else {
                received.add(path + "?token=" + req.getParam("token") + " " + body.toString());
                reply = replies.getOrDefault(path, "{\"status\":\"Failed\",\"errno\":\"10003\"}");
            }
            req.response().putHeader("Content-Type", "application/json").end(reply);
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            await(session.stop());
        }
        await(vertx.close());
    }

    private YeastarSession session(String apiVersion) throws Exception {
        PbxConfig pbx = new PbxConfig(PBX, "yeastar-s", URI.create("http://127.0.0.1:" + server.actualPort()), "api",
                Secret.of("secret-pw"), apiVersion, Secret.of("report-secret"), null, null, null, null, PbxOptions.none());
        SessionContext context = new SessionContext(records -> Future.succeededFuture(), SessionListener.NONE,
                new BridgeInfo("test", "i-1"), URI.create("http://127.0.0.1:9/yeastar/" + PBX + "/report-secret"));
        session = new YeastarSession(vertx, pbx, context);
        await(session.start());
        return session;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void v1RefuseByCallIdReachesThePbxWithTheInboundIdFromTheInvite() throws Exception {
        replies.put("/api/v1.1.0/inbound/refuse", "{\"status\":\"Success\"}");
        YeastarSession s = session("1.1.0");
        s.observe(v1Calls());

        CommandOutcome outcome = await(s.execute(onCall(CommandAction.REFUSE_INBOUND, target(V1_INBOUND_CALL, null, null))));

        assertThat(outcome.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(received).hasSize(1);
        String request = received.get(0);
        assertThat(request).startsWith("/api/v1.1.0/inbound/refuse?token=tok-42 ");
        assertThat(new JsonObject(request.substring(request.indexOf(' ') + 1)))
                .isEqualTo(new JsonObject().put("inboundid", V1_INBOUND_ID));
    }

    @Test
    void v2HoldByExtensionUsesTheTrackedChannelAndMapsThePbxError() throws Exception {
        replies.put("/api/v2.0.0/call/hold", "{\"status\":\"Failed\",\"errno\":\"10007\"}");
        YeastarSession s = session("2.0.0");
        s.observe(v2Calls());

        CommandOutcome outcome = await(s.execute(onCall(CommandAction.HOLD, target(null, null, "1023"))));

        assertThat(outcome.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(outcome.vendorErrorCode()).isEqualTo("10007");
        assertThat(outcome.reason()).isEqualTo("call/hold: errno 10007 (Call does not exist)");
        assertThat(received).hasSize(1);
        String request = received.get(0);
        assertThat(request).startsWith("/api/v2.0.0/call/hold?token=tok-42 ");
        assertThat(new JsonObject(request.substring(request.indexOf(' ') + 1)))
                .isEqualTo(new JsonObject().put("channelid", V2_OUTBOUND_EXT_CHANNEL));
    }

    @Test
    void dialSucceedsWithTheCallIdFromThePbx() throws Exception {
        replies.put("/api/v1.1.0/extension/dial_outbound", "{\"status\":\"Success\",\"callid\":\"1495710387.333\"}");
        YeastarSession s = session("1.1.0");

        CommandOutcome outcome = await(s.execute(dial(ext("1002"), external("41000"), null, false)));

        assertThat(outcome.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(outcome.callId()).isEqualTo("1495710387.333");
        assertThat(received).singleElement().asString()
                .startsWith("/api/v1.1.0/extension/dial_outbound?token=tok-42 ");
    }

    @Test
    void anUnresolvableCallIsInvalidAndNothingIsSent() throws Exception {
        YeastarSession s = session("2.0.0");

        CommandOutcome outcome = await(s.execute(onCall(CommandAction.ACCEPT_INBOUND, target("1550.12", null, null))));

        assertThat(outcome.status()).isEqualTo(CommandStatus.INVALID);
        assertThat(outcome.reason()).contains("call 1550.12 has no inbound leg known to this bridge");
        assertThat(received).isEmpty();
    }
}
