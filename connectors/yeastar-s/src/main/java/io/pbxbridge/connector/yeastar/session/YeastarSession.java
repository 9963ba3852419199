package io.pbxbridge.connector.yeastar.session;

import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.HeartbeatOutcome;
import io.pbxbridge.connector.spi.LoginOutcome;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.RateLimitedLog;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.SessionOptions;
import io.pbxbridge.connector.spi.SessionProtocol;
import io.pbxbridge.connector.spi.SessionSkeleton;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.yeastar.YeastarOptions;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.api.YeastarErrno;
import io.pbxbridge.connector.yeastar.command.CallTracker;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bridge's session with one Yeastar S-Series PBX: the Yeastar part of the {@link SessionSkeleton}.
 *
 * <p>Logs in with the MD5 password and the report target, keeps the 30-minute token alive with a
 * jittered heartbeat (which also re-registers the report target), and logs in again when the token
 * is gone (errno 20004/20005/20006, a refused heartbeat, or a BootUp report — at most one BootUp re-login
 * per {@code bootup_relogin_interval}, and none for a BootUp older than the last success, see
 * {@link BootUpGuard}). It never locks the bridge out: the PBX blocks an IP for 10 minutes after 5 failed
 * logins, so an invalid-credentials answer (20003) stops the session for good and a lock (20002) is waited
 * out ({@code lockout_wait}) before one more attempt.
 *
 * <p>Everything runs on one Vert.x context; public methods hop onto it.
 */
public final class YeastarSession implements PbxSession {
    private static final Logger LOG = LoggerFactory.getLogger(YeastarSession.class);

    private final SessionSkeleton skeleton;
    private final Vertx vertx;
    private final PbxConfig pbx;
    private final YeastarApiClient client;
    private final YeastarRegistration registration;
    private final YeastarCommandExecutor executor;
    private final CallTracker tracker = new CallTracker();
    private final Duration lockoutWait;
    private final Duration bootUpInterval;
    private final BootUpGuard bootUps;
    /** BootUps that change nothing are logged a few times a minute, then counted. */
    private final RateLimitedLog bootUpIgnored = RateLimitedLog.info(LOG, 3, Duration.ofMinutes(1));
    private long bootUpTimer = -1;

    public YeastarSession(Vertx vertx, PbxConfig pbx, SessionContext context) {
        this.vertx = vertx;
        this.pbx = pbx;
        YeastarApiVersion version = YeastarApiVersion.parse(pbx.apiVersion());
        this.client = new YeastarApiClient(vertx, pbx, version, pbx.options().get(YeastarOptions.REQUEST_TIMEOUT),
                context.recorder());
        this.registration = new YeastarRegistration(pbx, version, context.reportUrl());
        Duration keepAlive = pbx.keepAlive() == null ? Duration.ofMinutes(5) : pbx.keepAlive();
        this.lockoutWait = pbx.options().get(YeastarOptions.LOCKOUT_WAIT);
        this.executor = new YeastarCommandExecutor(this, version, tracker);
        this.bootUpInterval = pbx.options().get(YeastarOptions.BOOTUP_RELOGIN_INTERVAL);
        this.bootUps = new BootUpGuard(bootUpInterval, System::nanoTime);
        this.skeleton = new SessionSkeleton(vertx, pbx.id(), Vendor.YEASTAR_S, context, new Protocol(),
                SessionSkeleton.KeepAlive.heartbeat(keepAlive), SessionOptions.backoff(pbx.options()), LOG);
    }

    @Override
    public String pbxId() {
        return pbx.id();
    }

    @Override
    public SessionState state() {
        return skeleton.state();
    }

    @Override
    public Future<Void> start() {
        return skeleton.start();
    }

    @Override
    public Future<Void> stop() {
        return skeleton.stop(() -> {
            if (bootUpTimer >= 0) {
                vertx.cancelTimer(bootUpTimer);
            }
            return Future.succeededFuture();
        }).onComplete(ar -> client.close());
    }

    @Override
    public Future<CommandOutcome> execute(Command command) {
        return skeleton.execute(() -> executor.execute(command));
    }

    @Override
    public void observe(List<NormalizedRecord> records) {
        tracker.observe(records);
        if (!skeleton.loop().bound()) {
            return;
        }
        for (NormalizedRecord r : records) {
            if (r.value() instanceof PbxEvent e && e.getType() == PbxEventType.BOOTED) {
                Instant receivedAt = e.getHeader() == null ? null : e.getHeader().getReceivedAt();
                skeleton.loop().run(() -> onBootUp(receivedAt));
            }
        }
    }

    private void onBootUp(Instant receivedAt) {
        if (skeleton.loop().stopped()) {
            return;
        }
        if (skeleton.state() != SessionState.UP) {
            // Logging in, waiting out a lock or backing off: the session's own loop logs in; a BootUp must not hurry it.
            bootUpIgnored.log("PBX {}: BootUp report ignored while the session is {}", pbx.id(), skeleton.state());
            return;
        }
        switch (bootUps.onBootUp(receivedAt)) {
            case RELOGIN_NOW -> skeleton.relogin("PBX rebooted (BootUp report): its tokens are gone");
            case IGNORE_STALE -> bootUpIgnored.log("PBX {}: BootUp report received at {} ignored: the token was"
                    + " confirmed after it", pbx.id(), receivedAt);
            case DEFER -> {
                Duration wait = bootUps.untilNextAllowed();
                bootUpIgnored.log("PBX {}: BootUp report within {} s of the last BootUp re-login; checking again in {} ms",
                        pbx.id(), bootUpInterval.toSeconds(), wait.toMillis());
                bootUpTimer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> skeleton.loop().run(() -> {
                    bootUpTimer = -1;
                    if (!skeleton.loop().stopped() && skeleton.state() == SessionState.UP && bootUps.deferredDue()) {
                        skeleton.relogin("PBX rebooted (BootUp report, deferred by bootup_relogin_interval)");
                    }
                }));
            }
            case ALREADY_DEFERRED -> bootUpIgnored.log("PBX {}: BootUp report folded into the pending re-login check",
                    pbx.id());
        }
    }

    /**
     * Calls an API endpoint with the session token. A token the PBX no longer knows is renewed once
     * and the call retried once. Fails with {@link PbxUnreachableException} when the PBX did not
     * answer or the session is not up.
     */
    Future<YeastarResponse> call(String endpoint, JsonObject body) {
        return skeleton.call(endpoint, token -> client.post(endpoint, body, token),
                r -> r.tokenInvalid() ? Optional.of(r.describeError()) : Optional.empty(),
                reason -> new PbxUnreachableException(reason, null));
    }

    /** Login, heartbeat and logout as the Yeastar API does them. */
    private final class Protocol implements SessionProtocol {
        @Override
        public Future<LoginOutcome> login() {
            Instant sentAt = Instant.now();
            return client.post("login", registration.loginBody(), null).map(response -> {
                if (response.success()) {
                    String token = response.body().getString("token");
                    if (token == null || token.isBlank()) {
                        return new LoginOutcome.Failed("login succeeded without a token");
                    }
                    bootUps.tokenConfirmed(sentAt);
                    return new LoginOutcome.LoggedIn(Secret.of(token));
                }
                YeastarErrno errno = response.error().orElse(null);
                if (errno == YeastarErrno.INVALID_CREDENTIALS) {
                    return new LoginOutcome.Refused(response.describeError(), "", "IP lock");
                }
                if (errno == YeastarErrno.LOCKED_OUT) {
                    return new LoginOutcome.LockedOut(response.describeError(), lockoutWait, lockoutWait);
                }
                return new LoginOutcome.Failed("login: " + response.describeError());
            });
        }

        @Override
        public Future<HeartbeatOutcome> heartbeat(Secret token) {
            // A success proves the token was alive when the heartbeat was sent: BootUps received before are stale.
            Instant sentAt = Instant.now();
            return client.post("heartbeat", registration.heartbeatBody(), token).map(response -> {
                if (!response.success()) {
                    return HeartbeatOutcome.refused(response.describeError());
                }
                bootUps.tokenConfirmed(sentAt);
                return HeartbeatOutcome.ALIVE;
            });
        }

        @Override
        public Future<Void> logout(Secret token) {
            return client.post("logout", new JsonObject(), token).mapEmpty();
        }

        @Override
        public String describe() {
            return "API v" + client.version().wire();
        }
    }
}
