package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.yeastar.session.YeastarResponse;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.MonitorMode;
import io.pbxbridge.schema.QuerySubject;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static io.pbxbridge.connector.yeastar.api.YeastarApiVersion.V1_1_0;
import static io.pbxbridge.connector.yeastar.api.YeastarApiVersion.V2_0_0;
import static io.pbxbridge.connector.yeastar.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** How the PBX's answers become outcomes; the PBX side is a scripted list of replies. */
class YeastarCommandRunnerTest {
    private final List<String> requests = new ArrayList<>();
    private final Deque<Future<YeastarResponse>> replies = new ArrayDeque<>();

    private YeastarCommandRunner runner(io.pbxbridge.connector.yeastar.api.YeastarApiVersion version) {
        CallTracker tracker = new CallTracker();
        tracker.observe(version == V2_0_0 ? v2Calls() : v1Calls());
        return new YeastarCommandRunner(new YeastarCommandMapper(version, tracker), (endpoint, body) -> {
            requests.add(endpoint + " " + body.encode());
            return replies.removeFirst();
        });
    }

    private void reply(String json) {
        JsonObject body = new JsonObject(json);
        Object errno = body.getValue("errno");
        replies.add(Future.succeededFuture(new YeastarResponse("Success".equals(body.getString("status")),
                errno == null ? null : errno.toString(), body)));
    }

    private static CommandOutcome done(Future<CommandOutcome> future) {
        assertThat(future.succeeded()).as("outcome future completed successfully").isTrue();
        return future.result();
    }

    @Test
    void successCarriesTheCallIdAndTheResponse() {
        reply("{\"status\":\"Success\",\"callid\":\"1505193218.96\"}");
        CommandOutcome outcome = done(runner(V1_1_0).execute(dial(ext("1000"), ext("1002"), null, false)));

        assertThat(outcome.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(outcome.callId()).isEqualTo("1505193218.96");
        assertThat(new JsonObject(outcome.responseJson())).isEqualTo(new JsonObject("{\"status\":\"Success\",\"callid\":\"1505193218.96\"}"));
        assertThat(requests).containsExactly("extension/dial_extension {\"caller\":\"1000\",\"callee\":\"1002\",\"autoanswer\":\"no\"}");
    }

    @Test
    void pbxFailureIsPbxErrorWithTheErrnoAndItsMeaning() {
        reply("{\"status\":\"Failed\",\"errno\":\"10007\"}");
        CommandOutcome outcome = done(runner(V1_1_0).execute(onCall(CommandAction.HANGUP, target(V1_INBOUND_CALL, null, null))));

        assertThat(outcome.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(outcome.vendorErrorCode()).isEqualTo("10007");
        assertThat(outcome.reason()).isEqualTo("inbound/hangup: errno 10007 (Call does not exist)");
        assertThat(outcome.responseJson()).contains("10007");
        assertThat(outcome.callId()).isNull();
    }

    @Test
    void anErrnoNotInTheTablesIsStillReadable() {
        reply("{\"status\":\"Failed\",\"errno\":\"99999\"}");
        CommandOutcome outcome = done(runner(V1_1_0).execute(monitor(MonitorMode.LISTEN, "1005", target(null, null, "1002"))));
        assertThat(outcome.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(outcome.reason()).isEqualTo("extension/listen: errno 99999 (Yeastar error 99999)");
    }

    @Test
    void invalidAndUnsupportedCommandsNeverReachThePbx() {
        YeastarCommandRunner runner = runner(V1_1_0);
        CommandOutcome invalid = done(runner.execute(onCall(CommandAction.ACCEPT_INBOUND, target("1550.12", null, null))));
        CommandOutcome unsupported = done(runner.execute(query(QuerySubject.CDRS, null)));

        assertThat(invalid.status()).isEqualTo(CommandStatus.INVALID);
        assertThat(invalid.reason()).isEqualTo("call 1550.12 has no inbound leg known to this bridge; pass leg_ref"
                + " (the inboundid from the Invite event)");
        assertThat(unsupported.status()).isEqualTo(CommandStatus.NOT_SUPPORTED);
        assertThat(unsupported.reason()).contains("CDRS");
        assertThat(requests).isEmpty();
    }

    @Test
    void aPbxThatDoesNotAnswerIsUnavailable() {
        replies.add(Future.failedFuture(new IllegalStateException("connection refused")));
        CommandOutcome outcome = done(runner(V2_0_0).execute(onCall(CommandAction.HOLD, target(null, null, "1023"))));

        assertThat(outcome.status()).isEqualTo(CommandStatus.PBX_UNAVAILABLE);
        assertThat(outcome.reason()).isEqualTo("call/hold: PBX did not answer: connection refused");
        assertThat(requests).containsExactly("call/hold {\"channelid\":\"PJSIP/1023-0000000a\"}");
    }

    @Test
    void activeCallsRunsBothQueriesAndMergesTheAnswers() {
        reply("{\"status\":\"Success\",\"inbound\":[{\"inboundid\":\"1.2\",\"from\":\"555\",\"status\":\"Talking\"}]}");
        reply("{\"status\":\"Success\",\"outbound\":[{\"outboundid\":\"3.4\",\"to\":\"777\",\"status\":\"Progress\"}]}");
        CommandOutcome outcome = done(runner(V1_1_0).execute(query(QuerySubject.ACTIVE_CALLS, null)));

        assertThat(outcome.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(new JsonObject(outcome.responseJson())).isEqualTo(new JsonObject(
                "{\"status\":\"Success\",\"inbound\":[{\"inboundid\":\"1.2\",\"from\":\"555\",\"status\":\"Talking\"}],"
                        + "\"outbound\":[{\"outboundid\":\"3.4\",\"to\":\"777\",\"status\":\"Progress\"}]}"));
        assertThat(requests).containsExactly("inbound/query {}", "outbound/query {}");
    }

    @Test
    void aCompositeStopsAtTheFirstFailure() {
        reply("{\"status\":\"Failed\",\"errno\":\"30001\"}");
        CommandOutcome outcome = done(runner(V1_1_0).execute(query(QuerySubject.ACTIVE_CALLS, null)));

        assertThat(outcome.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(outcome.reason()).isEqualTo("inbound/query: errno 30001 (API codes error)");
        assertThat(requests).containsExactly("inbound/query {}");
    }

    @Test
    void smsFailureWithoutErrnoIsStillAPbxError() {
        reply("{\"action\":\"sms-send\",\"status\":\"Failed\",\"smsid\":\"18396210850-1502874159\"}");
        CommandOutcome outcome = done(runner(V1_1_0).execute(sms("GSM-trunk", "18396210850", "hi")));

        assertThat(outcome.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(outcome.vendorErrorCode()).isNull();
        assertThat(outcome.reason()).isEqualTo("sms/send: PBX answered status=Failed");
    }
}
