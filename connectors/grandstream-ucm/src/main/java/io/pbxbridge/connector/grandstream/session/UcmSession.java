package io.pbxbridge.connector.grandstream.session;

import io.pbxbridge.connector.grandstream.api.UcmApi;
import io.pbxbridge.connector.grandstream.api.UcmApiClient;
import io.pbxbridge.connector.grandstream.api.UcmRawReply;
import io.pbxbridge.connector.grandstream.api.UcmResponse;
import io.pbxbridge.connector.grandstream.api.UcmStatus;
import io.pbxbridge.connector.grandstream.api.UcmTokens;
import io.pbxbridge.connector.grandstream.api.UcmUnreachableException;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.LoginOutcome;
import io.pbxbridge.connector.grandstream.UcmOptions;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.SessionOptions;
import io.pbxbridge.connector.spi.SessionProtocol;
import io.pbxbridge.connector.spi.SessionSkeleton;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bridge's API session with one Grandstream UCM630X / FIBERME FCM630A: the UCM part of the
 * {@link SessionSkeleton}.
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
    /** Added to the PBX's {@code remain_time}, so the attempt does not land on the last second of the ban. */
    private static final Duration LOCKOUT_MARGIN = Duration.ofSeconds(2);

    private volatile java.util.function.IntSupplier buffered = () -> 0;
    private final SessionSkeleton skeleton;
    private final PbxConfig pbx;
    private final SessionContext context;
    private final UcmApiClient client;
    private final UcmCommandExecutor executor;
    private final String apiVersion;
    private final Duration lockoutWait;
    private final boolean pushReports;
    private final List<UcmSessionPart> parts = new ArrayList<>();

    private volatile String model;
    private boolean partsStarted;

    public UcmSession(Vertx vertx, PbxConfig pbx, SessionContext context) {
        this.pbx = pbx;
        this.context = context;
        PbxOptions options = pbx.options();
        this.client = new UcmApiClient(vertx, pbx, options.get(UcmOptions.REQUEST_TIMEOUT), context.recorder());
        String configured = options.given(UcmOptions.API_VERSION).orElse(pbx.apiVersion());
        this.apiVersion = configured == null || configured.isBlank() ? DEFAULT_API_VERSION : configured;
        this.lockoutWait = options.get(UcmOptions.LOCKOUT_WAIT);
        this.executor = new UcmCommandExecutor(vertx, pbx, this);
        this.pushReports = context.reportUrl() != null && pushReports(pbx);
        this.skeleton = new SessionSkeleton(vertx, pbx.id(), Vendor.GRANDSTREAM_UCM, context, new Protocol(),
                SessionSkeleton.KeepAlive.byLogin(options.get(UcmOptions.COOKIE_REFRESH)),
                SessionOptions.backoff(options), LOG);
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
        return skeleton.state();
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
        return skeleton.start();
    }

    @Override
    public Future<Void> stop() {
        return skeleton.stop(this::stopParts).onComplete(ar -> client.close());
    }

    @Override
    public Future<CommandOutcome> execute(Command command) {
        return skeleton.execute(() -> executor.execute(command));
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
        return skeleton.call(action, cookie -> client.post(action, params, cookie),
                r -> r.cookieInvalid() ? Optional.of(r.describeError()) : Optional.empty(), UcmSession::unreachable);
    }

    /** Like {@link #call} for answers that are not a JSON envelope; a -5/-6/-8 envelope is retried once likewise. */
    @Override
    public Future<UcmRawReply> callRaw(String action, JsonObject params) {
        return skeleton.call(action, cookie -> client.postRaw(action, params, cookie),
                reply -> reply.envelope().filter(UcmResponse::cookieInvalid).map(UcmResponse::describeError),
                UcmSession::unreachable);
    }

    private static UcmUnreachableException unreachable(String reason) {
        return new UcmUnreachableException(reason, null);
    }

    private void startParts() {
        if (partsStarted || skeleton.loop().stopped()) {
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

    /** Challenge and login, the cookie refresh by login, and the UCM's refusal codes. */
    private final class Protocol implements SessionProtocol {
        @Override
        public Future<LoginOutcome> login() {
            JsonObject challenge = new JsonObject().put("user", pbx.username()).put("version", apiVersion);
            return client.post("challenge", challenge, null).compose(ch -> {
                if (!ch.success()) {
                    return Future.succeededFuture(refusal(ch));
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
                return client.post("login", login, null).map(this::loggedInOrRefused);
            });
        }

        private LoginOutcome loggedInOrRefused(UcmResponse response) {
            if (!response.success()) {
                return refusal(response);
            }
            String cookie = response.response().getString("cookie");
            return cookie == null || cookie.isBlank() ? new LoginOutcome.Failed("login succeeded without a cookie")
                    : new LoginOutcome.LoggedIn(Secret.of(cookie));
        }

        /** -68/-70 lock; -7/-1/-2 without {@code remain_num} are transient; anything else judged the credentials. */
        private LoginOutcome refusal(UcmResponse response) {
            UcmStatus status = response.error().orElse(null);
            if (status != null && status.locksOut()) {
                Integer remain = response.remainTime();
                Duration wait = remain != null && remain > 0 ? Duration.ofSeconds(remain) : lockoutWait;
                return new LoginOutcome.LockedOut(response.describeError(), wait, wait.plus(LOCKOUT_MARGIN));
            }
            boolean transientError = status == UcmStatus.CONNECTION_CLOSED || status == UcmStatus.SYSTEM_TIMEOUT
                    || status == UcmStatus.SYSTEM_ERROR;
            if (transientError && response.remainNum() == null) {
                return new LoginOutcome.Failed("login: " + response.describeError());
            }
            // -37, -71 and anything else on challenge/login: the credentials were judged. One more
            // attempt would spend one of remain_num before the blacklist; stop and tell a human.
            String remaining = response.remainNum() == null ? ""
                    : "; attempts left before the PBX blacklists this IP: " + response.remainNum();
            return new LoginOutcome.Refused(response.describeError(), remaining, "login blacklist");
        }

        @Override
        public Future<Void> logout(Secret cookie) {
            return client.post("logout", new JsonObject(), cookie).mapEmpty();
        }

        /** getSystemGeneralStatus → product model; a failure only leaves the model unknown. */
        @Override
        public Future<Void> beforeUp(Secret cookie) {
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

        @Override
        public void up() {
            startParts();
        }

        @Override
        public void halted() {
            stopParts();
        }

        @Override
        public String describe() {
            return "model " + model + ", API version " + apiVersion;
        }
    }
}
