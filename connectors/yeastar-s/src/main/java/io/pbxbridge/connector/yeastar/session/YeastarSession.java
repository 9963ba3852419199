package io.pbxbridge.connector.yeastar.session;

import io.pbxbridge.connector.spi.Backoff;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.RateLimitedLog;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.SessionLoop;
import io.pbxbridge.connector.spi.SessionReporter;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.yeastar.YeastarOptions;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.api.YeastarErrno;
import io.pbxbridge.connector.yeastar.command.CallTracker;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The bridge's session with one Yeastar S-Series PBX.
 *
 * <p>Logs in with the MD5 password and the report target, keeps the 30-minute token alive with a
 * jittered heartbeat (which also re-registers the report target), and logs in again when the token
 * is gone (errno 20004/20005/20006, a failed heartbeat, or a BootUp report — at most one BootUp re-login
 * per {@code bootup_relogin_interval}, and none for a BootUp older than the last success, see
 * {@link BootUpGuard}). It never locks the bridge
 * out: the PBX blocks an IP for 10 minutes after 5 failed logins, so an invalid-credentials answer
 * (20003) stops the session for good and a lock (20002) is waited out before one more attempt.
 *
 * <p>Everything runs on one Vert.x context; public methods hop onto it.
 */
public final class YeastarSession implements PbxSession {
    private static final Logger LOG = LoggerFactory.getLogger(YeastarSession.class);

    private final SessionLoop loop;
    private final SessionReporter reporter;
    private final Vertx vertx;
    private final PbxConfig pbx;
    private final SessionContext context;
    private final YeastarApiClient client;
    private final YeastarRegistration registration;
    private final YeastarCommandExecutor executor;
    private final CallTracker tracker = new CallTracker();
    private final Duration keepAlive;
    private final Duration lockoutWait;
    private final Backoff backoff;
    private final Duration bootUpInterval;
    private final BootUpGuard bootUps;
    /** BootUps that change nothing are logged a few times a minute, then counted. */
    private final RateLimitedLog bootUpIgnored = RateLimitedLog.info(LOG, 3, Duration.ofMinutes(1));
    private long bootUpTimer = -1;

    private Secret token = Secret.empty();
    private Future<Void> loginInFlight;
    private boolean everUp;

    public YeastarSession(Vertx vertx, PbxConfig pbx, SessionContext context) {
        this.vertx = vertx;
        this.loop = new SessionLoop(vertx);
        this.reporter = new SessionReporter(pbx.id(), Vendor.YEASTAR_S, context);
        this.pbx = pbx;
        this.context = context;
        YeastarApiVersion version = YeastarApiVersion.parse(pbx.apiVersion());
        Duration requestTimeout = pbx.options().get(YeastarOptions.REQUEST_TIMEOUT);
        this.client = new YeastarApiClient(vertx, pbx, version, requestTimeout, context.recorder());
        this.registration = new YeastarRegistration(pbx, version, context.reportUrl());
        this.keepAlive = pbx.keepAlive() == null ? Duration.ofMinutes(5) : pbx.keepAlive();
        this.lockoutWait = pbx.options().get(YeastarOptions.LOCKOUT_WAIT);
        this.backoff = new Backoff(pbx.options().get(YeastarOptions.BACKOFF_BASE),
                pbx.options().get(YeastarOptions.BACKOFF_MAX));
        this.executor = new YeastarCommandExecutor(this, version, tracker);
        this.bootUpInterval = pbx.options().get(YeastarOptions.BOOTUP_RELOGIN_INTERVAL);
        this.bootUps = new BootUpGuard(bootUpInterval, System::nanoTime);
    }

    @Override
    public String pbxId() {
        return pbx.id();
    }

    @Override
    public SessionState state() {
        return reporter.state();
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
            if (bootUpTimer >= 0) {
                vertx.cancelTimer(bootUpTimer);
            }
            Future<Void> logout = token.isEmpty() ? Future.succeededFuture()
                    : client.post("logout", new JsonObject(), token)
                            .onSuccess(r -> LOG.info("PBX {}: logged out", pbx.id()))
                            .onFailure(e -> LOG.warn("PBX {}: logout failed: {}", pbx.id(), e.getMessage()))
                            .<Void>mapEmpty().recover(e -> Future.succeededFuture());
            return logout.compose(v -> {
                token = Secret.empty();
                return reporter.closed();
            }).onComplete(ar -> client.close());
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
        tracker.observe(records);
        if (!loop.bound()) {
            return;
        }
        for (NormalizedRecord r : records) {
            if (r.value() instanceof PbxEvent e && e.getType() == PbxEventType.BOOTED) {
                Instant receivedAt = e.getHeader() == null ? null : e.getHeader().getReceivedAt();
                loop.run(() -> onBootUp(receivedAt));
            }
        }
    }

    private void onBootUp(Instant receivedAt) {
        if (loop.stopped()) {
            return;
        }
        if (reporter.state() != SessionState.UP) {
            // Logging in, waiting out a lock or backing off: the session's own loop logs in; a BootUp must not hurry it.
            bootUpIgnored.log("PBX {}: BootUp report ignored while the session is {}", pbx.id(), reporter.state());
            return;
        }
        switch (bootUps.onBootUp(receivedAt)) {
            case RELOGIN_NOW -> relogin("PBX rebooted (BootUp report): its tokens are gone");
            case IGNORE_STALE -> bootUpIgnored.log("PBX {}: BootUp report received at {} ignored: the token was"
                    + " confirmed after it", pbx.id(), receivedAt);
            case DEFER -> {
                Duration wait = bootUps.untilNextAllowed();
                bootUpIgnored.log("PBX {}: BootUp report within {} s of the last BootUp re-login; checking again in {} ms",
                        pbx.id(), bootUpInterval.toSeconds(), wait.toMillis());
                bootUpTimer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> loop.run(() -> {
                    bootUpTimer = -1;
                    if (!loop.stopped() && reporter.state() == SessionState.UP && bootUps.deferredDue()) {
                        relogin("PBX rebooted (BootUp report, deferred by bootup_relogin_interval)");
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
        if (reporter.state() != SessionState.UP) {
            return Future.failedFuture(new PbxUnreachableException("session is " + reporter.state(), null));
        }
        return client.post(endpoint, body, token).compose(response -> {
            if (!response.tokenInvalid()) {
                return Future.succeededFuture(response);
            }
            return relogin(endpoint + ": " + response.describeError())
                    .compose(v -> reporter.state() == SessionState.UP ? client.post(endpoint, body, token)
                            : Future.failedFuture(new PbxUnreachableException("re-login failed; session is " + reporter.state(), null)));
        });
    }

    private Future<Void> relogin(String reason) {
        if (loop.stopped() || reporter.state() == SessionState.AUTH_FAILED) {
            return Future.succeededFuture();
        }
        if (loginInFlight != null) {
            return loginInFlight;
        }
        loop.cancel();
        token = Secret.empty();
        LOG.info("PBX {}: logging in again: {}", pbx.id(), reason);
        return login(reason);
    }

    private Future<Void> login(String reason) {
        if (loginInFlight != null) {
            return loginInFlight;
        }
        Promise<Void> done = Promise.promise();
        loginInFlight = done.future();
        Instant sentAt = Instant.now();
        client.post("login", registration.loginBody(), null).onComplete(ar -> {
            loginInFlight = null;
            if (loop.stopped()) {
                done.complete();
                return;
            }
            if (ar.failed()) {
                onUnreachable("login: " + ar.cause().getMessage());
            } else if (ar.result().success()) {
                bootUps.tokenConfirmed(sentAt);
                onLoggedIn(ar.result(), reason);
            } else {
                onLoginRefused(ar.result());
            }
            done.complete();
        });
        return done.future();
    }

    private void onLoggedIn(YeastarResponse response, String reason) {
        String newToken = response.body().getString("token");
        if (newToken == null || newToken.isBlank()) {
            onUnreachable("login succeeded without a token");
            return;
        }
        token = Secret.of(newToken);
        backoff.reset();
        boolean relogin = everUp;
        everUp = true;
        reporter.state(SessionState.UP, relogin ? "re-login: " + reason : "logged in");
        LOG.info("PBX {}: {} (API v{})", pbx.id(), relogin ? "logged in again" : "logged in", client.version().wire());
        reporter.emit(relogin ? PbxEventType.RELOGIN : PbxEventType.SESSION_UP, relogin ? reason : "logged in", null);
        scheduleHeartbeat();
    }

    private void onLoginRefused(YeastarResponse response) {
        YeastarErrno errno = response.error().orElse(null);
        if (errno == YeastarErrno.INVALID_CREDENTIALS) {
            // One more try would bring the IP closer to the 5-failure lock; stop and tell a human.
            reporter.state(SessionState.AUTH_FAILED, response.describeError());
            LOG.error("PBX {}: login refused: {}. Not retrying; fix the credentials and restart.", pbx.id(), response.describeError());
            reporter.emit(PbxEventType.AUTH_FAILED, "login refused: " + response.describeError()
                    + "; not retrying to avoid the PBX's IP lock", null);
        } else if (errno == YeastarErrno.LOCKED_OUT) {
            reporter.state(SessionState.LOCKED_OUT, response.describeError());
            LOG.error("PBX {}: this IP is locked out by the PBX; one new attempt in {}s", pbx.id(), lockoutWait.toSeconds());
            reporter.emit(PbxEventType.LOCKED_OUT, "PBX blocked this address after repeated failed logins: "
                    + response.describeError(), (int) lockoutWait.toSeconds());
            loop.schedule(lockoutWait, () -> login("lock-out waited out"));
        } else {
            onUnreachable("login: " + response.describeError());
        }
    }

    private void onUnreachable(String reason) {
        boolean wasUp = reporter.state() == SessionState.UP || reporter.state() == SessionState.STARTING;
        token = Secret.empty();
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

    private void scheduleHeartbeat() {
        loop.schedule(Backoff.jittered(keepAlive), this::heartbeat);
    }

    private void heartbeat() {
        // A success proves the token was alive when the heartbeat was sent: BootUps received before are stale.
        Instant sentAt = Instant.now();
        client.post("heartbeat", registration.heartbeatBody(), token).onComplete(ar -> {
            if (loop.stopped()) {
                return;
            }
            if (ar.failed()) {
                onUnreachable("heartbeat: " + ar.cause().getMessage());
            } else if (ar.result().success()) {
                bootUps.tokenConfirmed(sentAt);
                scheduleHeartbeat();
            } else {
                relogin("heartbeat refused: " + ar.result().describeError());
            }
        });
    }

}
