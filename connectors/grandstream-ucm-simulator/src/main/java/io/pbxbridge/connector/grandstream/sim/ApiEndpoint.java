package io.pbxbridge.connector.grandstream.sim;

import io.pbxbridge.connector.spi.sim.InProgressCounter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /api}: {@code {"request":{"action":…,"cookie":…,…}}} → {@code {"response":{…},"status":0}}.
 * challenge and login need no cookie; every other action needs a live one (-6 otherwise). Unknown actions
 * answer -19 (unsupported). Refusals answer {@code {"status":<code>}}, plus a {@code response} object when
 * there is something to tell ({@code remain_num}, {@code remain_time}). Every request is recorded with its
 * credentials masked.
 */
final class ApiEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ApiEndpoint.class);
    private static final String JSON = "application/json;charset=UTF-8";

    interface SessionHooks {
        void loggedIn(ApiAuthenticator.ApiSession session);

        void loggedOut(String cookie);
    }

    private final Vertx vertx;
    private final ApiAuthenticator auth;
    private final Map<String, ApiAction> actions = new HashMap<>();
    private final FaultInjector faults;
    private final RequestRecorder recorder;
    private final SessionHooks hooks;
    private final InProgressCounter logins;

    ApiEndpoint(Vertx vertx, ApiAuthenticator auth, FaultInjector faults, RequestRecorder recorder, SessionHooks hooks,
                InProgressCounter logins) {
        this.vertx = vertx;
        this.logins = logins;
        this.auth = auth;
        this.faults = faults;
        this.recorder = recorder;
        this.hooks = hooks;
    }

    Map<String, ApiAction> actions() {
        return actions;
    }

    /** {@code login} requests being answered right now (slow answers make them overlap). */
    InProgressCounter logins() {
        return logins;
    }

    void handle(RoutingContext rc) {
        handle(rc.request(), rc.body() == null ? null : rc.body().buffer());
    }

    /** One {@code POST /api} whose body has been read (null: none). */
    void handle(HttpServerRequest http, io.vertx.core.buffer.Buffer payload) {
        JsonObject request;
        try {
            JsonObject body = payload == null || payload.length() == 0 ? null : payload.toJsonObject();
            request = body == null ? null : body.getJsonObject("request");
        } catch (DecodeException | ClassCastException e) {
            request = null;
        }
        String action = request == null ? "" : String.valueOf(request.getValue("action", ""));
        JsonObject masked = RequestRecorder.mask(request);
        Runnable answered = "login".equals(action) ? logins::finished : () -> { };
        if ("login".equals(action)) {
            logins.started();
        }
        int httpFailure = faults.takeHttpFailure();
        if (httpFailure != 0) {
            recorder.record(new RecordedRequest(Instant.now(), action, masked, null, httpFailure));
            later(() -> http.response().setStatusCode(httpFailure).end(), answered);
            return;
        }
        JsonObject reply;
        io.vertx.core.buffer.Buffer rawBody = null;
        String attachment = null;
        String contentType = JSON;
        int status;
        try {
            if (request == null) {
                throw new UcmApiException(UcmStatus.INVALID_PARAMETERS, "body is not {\"request\":{…}}");
            }
            ApiReply r = dispatch(action, new ApiParams(request), http.remoteAddress().host());
            status = 0;
            if (r.rawBody() != null) {
                rawBody = r.rawBody();
                attachment = r.attachmentName();
                contentType = r.contentType();
                reply = null;
            } else {
                reply = new JsonObject().put("response", r.response()).put("status", 0);
            }
        } catch (UcmApiException e) {
            status = e.status().code();
            reply = new JsonObject();
            if (e.extra() != null) {
                reply.put("response", e.extra());
            }
            reply.put("status", status);
            LOG.debug("{} refused with {}: {}", action, status, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} failed inside the simulator", action, e);
            status = UcmStatus.SYSTEM_ERROR.code();
            reply = new JsonObject().put("status", status);
        }
        recorder.record(new RecordedRequest(Instant.now(), action, masked, status, 200));
        io.vertx.core.buffer.Buffer body = rawBody != null ? rawBody : reply.toBuffer();
        String type = contentType;
        String file = attachment;
        later(() -> {
            if (file != null) {
                http.response().putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
            }
            http.response().putHeader("Content-Type", type).end(body);
        }, answered);
    }

    private ApiReply dispatch(String action, ApiParams p, String clientIp) {
        switch (action) {
            case "challenge": {
                String challenge = auth.challenge(p.required("user"), clientIp);
                return ApiReply.of(new JsonObject().put("challenge", challenge));
            }
            case "login": {
                ApiAuthenticator.ApiSession s = auth.login(p.required("user"), p.optional("token"), clientIp, p.optional("url"));
                hooks.loggedIn(s);
                return ApiReply.of(new JsonObject().put("cookie", s.cookie()));
            }
            case "logout": {
                ApiAuthenticator.ApiSession s = auth.session(p.optional("cookie"));
                auth.logout(s.cookie());
                hooks.loggedOut(s.cookie());
                return ApiReply.empty();
            }
            default:
                break;
        }
        auth.session(p.optional("cookie"));
        UcmStatus forced = faults.takeApiFailure();
        if (forced != null) {
            throw new UcmApiException(forced, "fault injection");
        }
        ApiAction a = actions.get(action);
        if (a == null) {
            throw new UcmApiException(UcmStatus.UNSUPPORTED, "unsupported action '" + action + "'");
        }
        return a.handle(p);
    }

    /** Sends the answer (after the injected delay), then runs {@code answered}. */
    private void later(Runnable send, Runnable answered) {
        long ms = faults.delay().toMillis();
        if (ms <= 0) {
            send.run();
            answered.run();
        } else {
            vertx.setTimer(ms, t -> {
                send.run();
                answered.run();
            });
        }
    }
}
