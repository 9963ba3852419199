package io.pbxbridge.connector.grandstream.session;

import io.pbxbridge.connector.grandstream.api.UcmApi;
import io.pbxbridge.connector.grandstream.api.UcmApiClient;
import io.pbxbridge.connector.grandstream.api.UcmRawReply;
import io.pbxbridge.connector.grandstream.api.UcmResponse;
import io.pbxbridge.connector.grandstream.api.UcmStatus;
import io.pbxbridge.connector.grandstream.api.UcmTokens;
import io.pbxbridge.connector.grandstream.api.UcmUnreachableException;
import io.pbxbridge.connector.spi.Backoff;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.grandstream.UcmOptions;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.SessionLoop;
import io.pbxbridge.connector.spi.SessionReporter;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bridge's API session with one Grandstream UCM630X / FIBERME FCM630A.
 *
 * <p>{@code challenge} (with the configured API version) → {@code login} with md5(challenge+password)
 * → cookie in every request. The cookie is documented to last 10 minutes but was seen to last 5, so it
 * is renewed by a fresh login every {@code cookie_refresh} (default 4 m, jittered). A request answered
 * with -5/-6/-8 triggers one re-login and one retry.
 *
 * <p>Lock-out safety: the PBX blacklists an IP+user after a few failed logins ({@code remain_num}
 * counts down). So a refused login is never retried: -37/-71 stop the session (AUTH_FAILED) and
 * -68/-70 wait out {@code remain_time} (LOCKED_OUT) before exactly one more attempt. An unreachable
 * PBX is retried with exponential backoff (no credentials were judged, so nothing is spent).
 *
 * <p>After login {@code getSystemGeneralStatus} tells the model (UCM6304, FCM630A …) for event
 * headers. Everything runs on one Vert.x context; public methods hop onto it.
 */
public final class UcmSession implements PbxSession, UcmApi {
    private static final Logger LOG = LoggerFactory.getLogger(UcmSession.class);
    /** The API version the seed-004 guide documents; the PBX falls back to its latest when unknown. */
    public static final String DEFAULT_API_VERSION = "1.0";

    private volatile java.util.function.IntSupplier buffered = () -> 0;
    private final SessionLoop loop;
    private final SessionReporter reporter;
    private final Vertx vertx;
    private final PbxConfig pbx;
    private final SessionContext context;
    private final UcmApiClient client;
    private final UcmCommandExecutor executor;
    private final String apiVersion;
    private final Duration cookieRefresh;
    private final Duration lockoutWait;
    private final Backoff backoff;
    private final boolean pushReports;
    private final List<UcmSessionPart> parts = new ArrayList<>();

    private volatile String model;
    private Secret cookie = Secret.empty();
    private Future<Void> loginInFlight;
    private boolean everUp;
    private boolean partsStarted;

    public UcmSession(Vertx vertx, PbxConfig pbx, SessionContext context) {
        this.vertx = vertx;
        this.loop = new SessionLoop(vertx);
        this.reporter = new SessionReporter(pbx.id(), Vendor.GRANDSTREAM_UCM, context);
        this.pbx = pbx;
        this.context = context;
        PbxOptions options = pbx.options();
        this.client = new UcmApiClient(vertx, pbx, options.get(UcmOptions.REQUEST_TIMEOUT), context.recorder());
        String configured = options.given(UcmOptions.API_VERSION).orElse(pbx.apiVersion());
        this.apiVersion = configured == null || configured.isBlank() ? DEFAULT_API_VERSION : configured;
        this.cookieRefresh = options.get(UcmOptions.COOKIE_REFRESH);
        this.lockoutWait = options.get(UcmOptions.LOCKOUT_WAIT);
        this.backoff = new Backoff(options.get(UcmOptions.BACKOFF_BASE), options.get(UcmOptions.BACKOFF_MAX));
        this.executor = new UcmCommandExecutor(vertx, pbx, this);
        this.pushReports = context.reportUrl() != null && pushReports(pbx);
    }

    /**
     * Whether login names the bridge's report URL ({@code url}) so the PBX pushes reports there. Option
     * {@code report_push}: {@code auto} (default) pushes only when no WebSocket user is configured,
     * because the same notifications over both channels would be published twice.
     */
    static boolean pushReports(PbxConfig pbx) {
        return switch (pbx.options().get(UcmOptions.REPORT_PUSH)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> pbx.options().get(UcmOptions.WS_USERNAME).isBlank();
        };
    }

    /** Where commands look up the live channels of a call beyond what the published CallEvents named. */
    public UcmSession withLiveChannels(io.pbxbridge.connector.grandstream.command.LiveChannels live) {
        executor.liveChannels(live);
        return this;
    }

    /** Adds a part (WebSocket client, CDR poller) started with the first successful login. Call before start. */
    public UcmSession withPart(UcmSessionPart part) {
        parts.add(part);
        return this;
    }

    @Override
    public String pbxId() {
        return pbx.id();
    }

    /** Where {@link #bufferedEvents()} reads from: the WebSocket event buffer. Call before start. */
    public void withBufferedEvents(java.util.function.IntSupplier buffered) {
        this.buffered = buffered;
    }

    @Override
    public int bufferedEvents() {
        return buffered.getAsInt();
    }

    @Override
    public SessionState state() {
        return reporter.state();
    }

    /** Product model learnt after login (e.g. UCM6304, FCM630A), or null before. */
    public String model() {
        return model;
    }

    public String apiVersion() {
        return apiVersion;
    }

    @Override
    public Future<Void> start() {
        loop.bind();
        return loop.onContext(() -> login("start"));
    }

    @Override
    public Future<Void> stop() {
        if (!loop.bound()) {
            return Future.succeededFuture();
        }
        return loop.onContext(() -> {
            loop.stop();
            Future<Void> partsStopped = stopParts();
            return partsStopped.compose(v -> logout()).compose(v -> reporter.closed())
                    .onComplete(ar -> client.close());
        });
    }

    @Override
    public Future<CommandOutcome> execute(Command command) {
        if (!loop.bound()) {
            return Future.succeededFuture(CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE, null, "session not started"));
        }
        return loop.onContext(() -> executor.execute(command));
    }

    @Override
    public void observe(List<NormalizedRecord> records) {
        // An expired cookie shows up as -6 on the next request; the records only teach the command
        // mapper which channels the live calls have (the connector also feeds what the session publishes).
        executor.observe(records);
    }

    /**
     * Calls an action with the cookie. A cookie the PBX no longer accepts (-5/-6/-8) is renewed once
     * and the call retried once.
     */
    @Override
    public Future<UcmResponse> call(String action, JsonObject params) {
        if (!loop.bound()) {
            return Future.failedFuture(new UcmUnreachableException("session not started", null));
        }
        return loop.onContext(() -> {
            if (reporter.state() != SessionState.UP) {
                return Future.failedFuture(new UcmUnreachableException("session is " + reporter.state(), null));
            }
            Secret used = cookie;
            return client.post(action, params, used).compose(response -> {
                if (!response.cookieInvalid()) {
                    return Future.succeededFuture(response);
                }
                // Another request may already have renewed the cookie: then just retry with the new one.
                Future<Void> renewed = used.equals(cookie)
                        ? relogin(action + " answered " + response.describeError())
                        : Future.succeededFuture();
                return renewed.compose(v -> reporter.state() == SessionState.UP ? client.post(action, params, cookie)
                        : Future.failedFuture(new UcmUnreachableException("re-login failed; session is " + reporter.state(), null)));
            });
        });
    }

    /** Like {@link #call} for answers that are not a JSON envelope; a -5/-6/-8 envelope is retried once likewise. */
    @Override
    public Future<UcmRawReply> callRaw(String action, JsonObject params) {
        if (!loop.bound()) {
            return Future.failedFuture(new UcmUnreachableException("session not started", null));
        }
        return loop.onContext(() -> {
            if (reporter.state() != SessionState.UP) {
                return Future.failedFuture(new UcmUnreachableException("session is " + reporter.state(), null));
            }
            Secret used = cookie;
            return client.postRaw(action, params, used).compose(reply -> {
                boolean invalid = reply.envelope().map(UcmResponse::cookieInvalid).orElse(false);
                if (!invalid) {
                    return Future.succeededFuture(reply);
                }
                Future<Void> renewed = used.equals(cookie)
                        ? relogin(action + " answered " + reply.envelope().get().describeError())
                        : Future.succeededFuture();
                return renewed.compose(v -> reporter.state() == SessionState.UP ? client.postRaw(action, params, cookie)
                        : Future.failedFuture(new UcmUnreachableException("re-login failed; session is " + reporter.state(), null)));
            });
        });
    }

    private Future<Void> relogin(String reason) {
        if (loop.stopped() || reporter.state() == SessionState.AUTH_FAILED || reporter.state() == SessionState.LOCKED_OUT) {
            return Future.succeededFuture();
        }
        if (loginInFlight != null) {
            return loginInFlight;
        }
        loop.cancel();
        LOG.info("PBX {}: logging in again: {}", pbx.id(), reason);
        return login(reason);
    }

    private Future<Void> login(String reason) {
        if (loginInFlight != null) {
            return loginInFlight;
        }
        Promise<Void> done = Promise.promise();
        loginInFlight = done.future();
        JsonObject challenge = new JsonObject().put("user", pbx.username()).put("version", apiVersion);
        client.post("challenge", challenge, null).compose(ch -> {
            if (!ch.success()) {
                return Future.succeededFuture(ch);
            }
            String nonce = ch.response().getString("challenge");
            if (nonce == null || nonce.isBlank()) {
                return Future.failedFuture(new UcmUnreachableException("challenge answered without a challenge", null));
            }
            JsonObject login = new JsonObject().put("user", pbx.username())
                    .put("token", UcmTokens.loginToken(nonce, pbx.password()).reveal());
            if (pushReports) {
                login.put("url", context.reportUrl().toString());
            }
            return client.post("login", login, null);
        }).onComplete(ar -> {
            if (loop.stopped()) {
                loginInFlight = null;
                done.complete();
                return;
            }
            if (ar.failed()) {
                loginInFlight = null;
                onUnreachable("login: " + ar.cause().getMessage());
                done.complete();
            } else if (ar.result().success()) {
                onLoggedIn(ar.result(), reason).onComplete(x -> {
                    loginInFlight = null;
                    done.complete();
                });
            } else {
                loginInFlight = null;
                onLoginRefused(ar.result());
                done.complete();
            }
        });
        return done.future();
    }

    private Future<Void> onLoggedIn(UcmResponse response, String reason) {
        String newCookie = response.response().getString("cookie");
        if (newCookie == null || newCookie.isBlank()) {
            onUnreachable("login succeeded without a cookie");
            return Future.succeededFuture();
        }
        boolean routineRefresh = reporter.state() == SessionState.UP && "cookie refresh".equals(reason);
        cookie = Secret.of(newCookie);
        backoff.reset();
        scheduleRefresh();
        if (routineRefresh) {
            LOG.debug("PBX {}: cookie refreshed", pbx.id());
            return Future.succeededFuture();
        }
        return learnModel().andThen(x -> {
            if (loop.stopped()) {
                return;
            }
            boolean relogin = everUp;
            everUp = true;
            reporter.state(SessionState.UP, relogin ? "re-login: " + reason : "logged in");
            LOG.info("PBX {}: logged in ({}model {}, API version {})", pbx.id(), relogin ? "re-login, " : "", model, apiVersion);
            reporter.emit(relogin ? PbxEventType.RELOGIN : PbxEventType.SESSION_UP, relogin ? reason : "logged in", null);
            startParts();
        }).mapEmpty();
    }

    /** getSystemGeneralStatus → product model; a failure only leaves the model unknown. */
    private Future<Void> learnModel() {
        return client.post("getSystemGeneralStatus", new JsonObject(), cookie)
                .map(r -> {
                    if (r.success()) {
                        String parsed = UcmModel.parse(r.response().getString("product-model"));
                        if (parsed != null) {
                            model = parsed;
                        }
                    } else {
                        LOG.warn("PBX {}: getSystemGeneralStatus answered {}; model unknown", pbx.id(), r.describeError());
                    }
                    return (Void) null;
                })
                .recover(e -> {
                    LOG.warn("PBX {}: getSystemGeneralStatus failed: {}", pbx.id(), e.getMessage());
                    return Future.succeededFuture();
                });
    }

    private void onLoginRefused(UcmResponse response) {
        cookie = Secret.empty();
        UcmStatus status = response.error().orElse(null);
        if (status != null && status.locksOut()) {
            Integer remain = response.remainTime();
            Duration wait = remain != null && remain > 0 ? Duration.ofSeconds(remain) : lockoutWait;
            reporter.state(SessionState.LOCKED_OUT, response.describeError());
            LOG.error("PBX {}: login refused, this address is locked out: {}; one new attempt in {}s",
                    pbx.id(), response.describeError(), wait.toSeconds());
            reporter.emit(PbxEventType.LOCKED_OUT, "PBX blocked this address or user after failed logins: "
                    + response.describeError(), (int) wait.toSeconds());
            stopParts();
            // A small margin so the attempt does not land on the last second of the ban.
            loop.schedule(wait.plusSeconds(2), () -> login("lock-out waited out"));
        } else if (status == UcmStatus.CONNECTION_CLOSED || status == UcmStatus.SYSTEM_TIMEOUT
                || status == UcmStatus.SYSTEM_ERROR) {
            if (response.remainNum() != null) {
                authFailed(response);
            } else {
                onUnreachable("login: " + response.describeError());
            }
        } else {
            // -37, -71 and anything else on challenge/login: the credentials were judged. One more
            // attempt would spend one of remain_num before the blacklist; stop and tell a human.
            authFailed(response);
        }
    }

    private void authFailed(UcmResponse response) {
        String remaining = response.remainNum() == null ? "" : "; attempts left before the PBX blacklists this IP: " + response.remainNum();
        reporter.state(SessionState.AUTH_FAILED, response.describeError());
        LOG.error("PBX {}: login refused: {}{}. Not retrying; fix the credentials and restart.", pbx.id(),
                response.describeError(), remaining);
        reporter.emit(PbxEventType.AUTH_FAILED, "login refused: " + response.describeError() + remaining
                + "; not retrying to avoid the PBX's login blacklist", null);
        stopParts();
    }

    private void onUnreachable(String reason) {
        boolean wasUp = reporter.state() == SessionState.UP;
        cookie = Secret.empty();
        if (reporter.state() != SessionState.DOWN) {
            reporter.state(SessionState.DOWN, reason);
        }
        Duration delay = backoff.next();
        LOG.warn("PBX {}: {}; retrying in {} ms", pbx.id(), reason, delay.toMillis());
        if (wasUp) {
            reporter.emit(PbxEventType.SESSION_DOWN, reason, null);
        }
        loop.schedule(delay, () -> login("reconnect after: " + reason));
    }

    private void scheduleRefresh() {
        loop.schedule(Backoff.jittered(cookieRefresh), () -> login("cookie refresh"));
    }

    private Future<Void> logout() {
        if (cookie.isEmpty()) {
            return Future.succeededFuture();
        }
        Secret used = cookie;
        cookie = Secret.empty();
        return client.post("logout", new JsonObject(), used)
                .onSuccess(r -> LOG.info("PBX {}: logged out", pbx.id()))
                .onFailure(e -> LOG.warn("PBX {}: logout failed: {}", pbx.id(), e.getMessage()))
                .<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }

    private void startParts() {
        if (partsStarted || loop.stopped()) {
            return;
        }
        partsStarted = true;
        parts.forEach(UcmSessionPart::start);
    }

    private Future<Void> stopParts() {
        if (!partsStarted) {
            return Future.succeededFuture();
        }
        partsStarted = false;
        List<Future<Void>> all = parts.stream().map(p -> p.stop().recover(e -> Future.succeededFuture())).toList();
        return Future.join(all).mapEmpty();
    }

}
