package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The login state machine every PBX session shares, written once; the vendor fills in a
 * {@link SessionProtocol} (login exchange and its classification, keep-alive request, logout).
 *
 * <pre>
 * STARTING ─login─▶ UP ◀──────────── re-login (credential rejected, keep-alive refused) ──┐
 *    │               │ unanswered                                                         │
 *    │               ▼                                                                    │
 *    └──unanswered─▶ DOWN ── backoff with jitter ─▶ login ──────────────────────────────────┘
 *  any login: Refused ─▶ AUTH_FAILED (no further attempt)   LockedOut ─▶ LOCKED_OUT ─ wait ─▶ one login
 * </pre>
 *
 * <ul>
 *   <li><b>Single flight</b>: one login exchange at a time per session; callers during it share its result.
 *       Every exchange (first login, re-login, a keep-alive by login) takes a slot of the bridge's
 *       {@link LoginThrottle}; the first login of many sessions starting together is spread over time.</li>
 *   <li><b>Backoff</b> with jitter after an unanswered login or keep-alive; reset by a login.</li>
 *   <li><b>Lock-out safety</b>: a refused login is never retried (AUTH_FAILED); a lock-out is waited out
 *       before exactly one attempt; no re-login is started while AUTH_FAILED or LOCKED_OUT.</li>
 *   <li><b>Keep-alive</b>: a heartbeat request, or a fresh login, every period (±10 % jitter).</li>
 *   <li><b>Retry once after re-login</b> ({@link #call}): a request whose credential the PBX rejects is sent
 *       again once after one re-login — or at once, when another request has renewed the credential
 *       meanwhile.</li>
 *   <li>SESSION_DOWN is published only when the session was UP; RELOGIN for every login after the first
 *       one that brought it up.</li>
 *   <li><b>Stop</b> waits for a login in flight (or leaves the throttle's line), then logs the credential
 *       out: a session handed to another instance never stays logged in behind its back.</li>
 * </ul>
 * Everything runs on the session's context ({@link SessionLoop}).
 */
public final class SessionSkeleton {
    /** Reason of the first login (also in the SESSION_UP event). */
    public static final String START = "start";

    private final SessionLoop loop;
    private final SessionReporter reporter;
    private final String pbxId;
    private final SessionContext context;
    private final SessionProtocol protocol;
    private final KeepAlive keepAlive;
    private final Backoff backoff;
    private final Logger log;

    private Secret credential = Secret.empty();
    private Future<Void> loginInFlight;
    private LoginThrottle.Ticket ticket;
    private boolean everUp;

    /** How a session stays logged in: a heartbeat request, or a fresh login, every {@code period} (±10 %). */
    public record KeepAlive(Duration period, boolean byLogin) {
        public static KeepAlive heartbeat(Duration period) {
            return new KeepAlive(period, false);
        }

        public static KeepAlive byLogin(Duration period) {
            return new KeepAlive(period, true);
        }
    }

    /** @param log the vendor session's logger, so lines keep naming the vendor */
    public SessionSkeleton(Vertx vertx, String pbxId, Vendor vendor, SessionContext context, SessionProtocol protocol,
                           KeepAlive keepAlive, Backoff backoff, Logger log) {
        this.loop = new SessionLoop(vertx);
        this.reporter = new SessionReporter(pbxId, vendor, context);
        this.pbxId = pbxId;
        this.context = context;
        this.protocol = protocol;
        this.keepAlive = keepAlive;
        this.backoff = backoff;
        this.log = log;
    }

    public SessionState state() {
        return reporter.state();
    }

    /** The session's context and timer, for vendor work of its own (Yeastar's BootUp checks). */
    public SessionLoop loop() {
        return loop;
    }

    /**
     * Binds to the caller's context and logs in. Completes once the first login attempt has finished — or
     * at once when many sessions start together and this one's first login is spread ({@link LoginThrottle}).
     */
    public Future<Void> start() {
        loop.bind();
        Duration delay = context.logins().startDelay();
        if (delay.isZero()) {
            return loop.onContext(() -> login(START, false));
        }
        log.debug("PBX {}: many sessions starting; first login in {} ms", pbxId, delay.toMillis());
        loop.run(() -> loop.schedule(delay, () -> login(START, false)));
        return Future.succeededFuture();
    }

    /**
     * Stops every timer, runs {@code first} (the vendor's own parts), waits for a login in flight, logs out
     * and reports STOPPED (SESSION_DOWN when it was up). Never fails.
     */
    public Future<Void> stop(Supplier<Future<Void>> first) {
        if (!loop.bound()) {
            return Future.succeededFuture();
        }
        return loop.onContext(() -> {
            loop.stop();
            if (ticket != null) {
                ticket.cancel();
            }
            Future<Void> pending = loginInFlight == null ? Future.succeededFuture() : loginInFlight;
            return first.get().recover(e -> Future.succeededFuture())
                    .compose(v -> pending)
                    .compose(v -> {
                        Secret used = credential;
                        credential = Secret.empty();
                        return used.isEmpty() ? Future.succeededFuture() : logout(used);
                    })
                    .compose(v -> reporter.closed());
        });
    }

    private Future<Void> logout(Secret used) {
        Future<Void> logout;
        try {
            logout = protocol.logout(used);
        } catch (RuntimeException e) {
            logout = Future.failedFuture(e);
        }
        return loop.resume(logout)
                .onSuccess(v -> log.info("PBX {}: logged out", pbxId))
                .onFailure(e -> log.warn("PBX {}: logout failed: {}", pbxId, e.getMessage()))
                .recover(e -> Future.succeededFuture());
    }

    /** Runs a command on the session's context; before {@link #start()} it is answered PBX_UNAVAILABLE. */
    public Future<CommandOutcome> execute(Supplier<Future<CommandOutcome>> command) {
        if (!loop.bound()) {
            return Future.succeededFuture(CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE, null, "session not started"));
        }
        return loop.onContext(command);
    }

    /**
     * Sends a request with the credential. When the PBX rejects the credential ({@code rejected} names why),
     * logs in again once and sends it once more. Fails with {@code unavailable(reason)} when the session is
     * not up or the re-login did not bring it up.
     *
     * @param what        names the request in the re-login reason
     * @param rejected    the PBX's reason when the answer rejects the credential, else empty
     * @param unavailable the vendor's "PBX unavailable" exception for a reason
     */
    public <T> Future<T> call(String what, Function<Secret, Future<T>> request, Function<T, Optional<String>> rejected,
                              Function<String, ? extends RuntimeException> unavailable) {
        if (!loop.bound()) {
            return Future.failedFuture(unavailable.apply("session not started"));
        }
        return loop.onContext(() -> {
            if (state() != SessionState.UP) {
                return Future.failedFuture(unavailable.apply("session is " + state()));
            }
            Secret used = credential;
            return loop.resume(request.apply(used)).compose(answer -> {
                Optional<String> why = rejected.apply(answer);
                if (why.isEmpty()) {
                    return Future.succeededFuture(answer);
                }
                // Another request may have renewed the credential meanwhile: then only send it again.
                Future<Void> renewed = used.equals(credential) || loginInFlight != null
                        ? relogin(what + " answered " + why.get()) : Future.succeededFuture();
                return renewed.compose(v -> state() == SessionState.UP ? loop.resume(request.apply(credential))
                        : Future.failedFuture(unavailable.apply("re-login failed; session is " + state())));
            });
        });
    }

    /**
     * Logs in again now (the credential is gone). Joins a login in flight; does nothing once stopped,
     * AUTH_FAILED or LOCKED_OUT (that wait ends with its own single attempt). Call on the session's context.
     */
    public Future<Void> relogin(String reason) {
        if (loop.stopped() || state() == SessionState.AUTH_FAILED || state() == SessionState.LOCKED_OUT) {
            return Future.succeededFuture();
        }
        if (loginInFlight != null) {
            return loginInFlight;
        }
        loop.cancel();
        log.info("PBX {}: logging in again: {}", pbxId, reason);
        return login(reason, false);
    }

    // ------------------------------------------------------------------ login

    /** @param routine a keep-alive by login while up: no state change, no event */
    private Future<Void> login(String reason, boolean routine) {
        return login(reason, routine, 0);
    }

    /** @param dueNanos when this login was due as a keep-alive ({@link System#nanoTime()}); 0 when it is none */
    private Future<Void> login(String reason, boolean routine, long dueNanos) {
        if (loginInFlight != null) {
            return loginInFlight;
        }
        Promise<Void> done = Promise.promise();
        loginInFlight = done.future();
        attempt(reason, routine, dueNanos).onComplete(ar -> {
            loginInFlight = null;
            done.complete();
        });
        return done.future();
    }

    private Future<Void> attempt(String reason, boolean routine, long dueNanos) {
        LoginThrottle.Ticket mine = context.logins().request();
        ticket = mine;
        return loop.resume(mine.granted()).transform(granted -> {
            if (granted.failed() || loop.stopped()) {
                mine.release();
                return Future.succeededFuture();
            }
            if (dueNanos != 0) {
                keepAliveSent(dueNanos);
            }
            return loop.resume(exchange()).andThen(ar -> mine.release()).transform(ar -> {
                if (ar.failed()) {
                    if (!loop.stopped()) {
                        unreachable("login: " + ar.cause().getMessage());
                    }
                    return Future.succeededFuture();
                }
                return outcome(ar.result(), reason, routine);
            });
        });
    }

    private Future<LoginOutcome> exchange() {
        try {
            return protocol.login();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Void> outcome(LoginOutcome outcome, String reason, boolean routine) {
        if (loop.stopped()) {
            if (outcome instanceof LoginOutcome.LoggedIn in) {
                credential = in.credential(); // stop logs it out
            }
            return Future.succeededFuture();
        }
        if (outcome instanceof LoginOutcome.LoggedIn in) {
            return loggedIn(in.credential(), reason, routine && state() == SessionState.UP);
        } else if (outcome instanceof LoginOutcome.Refused refused) {
            refused(refused);
        } else if (outcome instanceof LoginOutcome.LockedOut locked) {
            lockedOut(locked);
        } else {
            unreachable(((LoginOutcome.Failed) outcome).reason());
        }
        return Future.succeededFuture();
    }

    private Future<Void> loggedIn(Secret newCredential, String reason, boolean routine) {
        credential = newCredential;
        backoff.reset();
        scheduleKeepAlive();
        if (routine) {
            log.debug("PBX {}: credential renewed", pbxId);
            return Future.succeededFuture();
        }
        return loop.resume(protocol.beforeUp(newCredential)).recover(e -> Future.succeededFuture()).andThen(x -> {
            if (loop.stopped()) {
                return;
            }
            boolean again = everUp;
            everUp = true;
            reporter.state(SessionState.UP, again ? "re-login: " + reason : "logged in");
            String describe = protocol.describe();
            log.info("PBX {}: {}{}", pbxId, again ? "logged in again" : "logged in",
                    describe.isEmpty() ? "" : " (" + describe + ")");
            reporter.emit(again ? PbxEventType.RELOGIN : PbxEventType.SESSION_UP, again ? reason : "logged in", null);
            protocol.up();
        });
    }

    private void refused(LoginOutcome.Refused refused) {
        credential = Secret.empty();
        reporter.state(SessionState.AUTH_FAILED, refused.error());
        log.error("PBX {}: login refused: {}{}. Not retrying; fix the credentials and restart.", pbxId, refused.error(),
                refused.detail());
        reporter.emit(PbxEventType.AUTH_FAILED, "login refused: " + refused.error() + refused.detail()
                + "; not retrying to avoid the PBX's " + refused.avoided(), null);
        protocol.halted();
    }

    private void lockedOut(LoginOutcome.LockedOut locked) {
        credential = Secret.empty();
        reporter.state(SessionState.LOCKED_OUT, locked.error());
        log.error("PBX {}: login refused, this address is locked out: {}; one new attempt in {} s", pbxId,
                locked.error(), locked.attemptIn().toSeconds());
        reporter.emit(PbxEventType.LOCKED_OUT, "PBX blocked this address after failed logins: " + locked.error(),
                (int) locked.retryAfter().toSeconds());
        protocol.halted();
        loop.schedule(locked.attemptIn(), () -> login("lock-out waited out", false));
    }

    /** The PBX did not answer (or answered without judging the credentials): back off and try again. */
    private void unreachable(String reason) {
        boolean wasUp = state() == SessionState.UP;
        credential = Secret.empty();
        if (state() != SessionState.DOWN) {
            reporter.state(SessionState.DOWN, reason);
        }
        Duration delay = backoff.next();
        log.warn("PBX {}: {}; retrying in {} ms", pbxId, reason, delay.toMillis());
        if (wasUp) {
            reporter.emit(PbxEventType.SESSION_DOWN, reason, null);
        }
        loop.schedule(delay, () -> login("reconnect after: " + reason, false));
    }

    // ------------------------------------------------------------------ keep-alive

    private void scheduleKeepAlive() {
        Duration in = Backoff.jittered(keepAlive.period());
        // The timer's own delay counts as lateness too (the scheduler rounds to whole milliseconds, at least 1).
        long due = System.nanoTime() + Math.max(1, in.toMillis()) * 1_000_000L;
        loop.schedule(in, keepAlive.byLogin()
                ? () -> login("credential refresh", true, due)
                : () -> heartbeat(due));
    }

    private void keepAliveSent(long dueNanos) {
        context.listener().onKeepAliveSent(pbxId, Duration.ofNanos(System.nanoTime() - dueNanos));
    }

    private void heartbeat(long dueNanos) {
        keepAliveSent(dueNanos);
        loop.resume(protocol.heartbeat(credential)).onComplete(ar -> {
            if (loop.stopped()) {
                return;
            }
            if (ar.failed()) {
                unreachable("heartbeat: " + ar.cause().getMessage());
            } else if (ar.result().alive()) {
                scheduleKeepAlive();
            } else {
                relogin("heartbeat refused: " + ar.result().refusal());
            }
        });
    }
}
