package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login state machine both vendors share, driven through a scripted {@link SessionProtocol} (the
 * vendors' own tests drive it against their simulators over HTTP).
 */
class SessionSkeletonTest {
    private static final Duration SHORT = Duration.ofMillis(20);

    private Vertx vertx;
    private final Script pbx = new Script();
    private final List<SessionState> states = new CopyOnWriteArrayList<>();
    private final List<PbxEvent> events = new CopyOnWriteArrayList<>();
    private SessionSkeleton session;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (session != null) {
            await(session.stop(Future::succeededFuture));
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private SessionSkeleton session(SessionSkeleton.KeepAlive keepAlive, LoginThrottle logins) {
        SessionContext context = new SessionContext(records -> {
            records.forEach(r -> events.add((PbxEvent) r.value()));
            return Future.succeededFuture();
        }, (id, state, reason) -> states.add(state), new BridgeInfo("test", "i1"), null, logins);
        session = new SessionSkeleton(vertx, "pbx-1", Vendor.YEASTAR_S, context, pbx, keepAlive,
                new Backoff(SHORT, SHORT), LoggerFactory.getLogger(SessionSkeletonTest.class));
        return session;
    }

    private SessionSkeleton started() {
        session(SessionSkeleton.KeepAlive.heartbeat(Duration.ofHours(1)), LoginThrottle.unlimited());
        await(startOnContext());
        return session;
    }

    private Future<Void> startOnContext() {
        Promise<Void> p = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> session.start().onComplete(p));
        return p.future();
    }

    private <T> Future<T> onSession(Supplier<Future<T>> action) {
        return session.loop().onContext(action);
    }

    @Test
    void logsInOnceForConcurrentReloginsAndCallsAfterwardsGoThrough() {
        pbx.loginGate = Promise.promise();
        session(SessionSkeleton.KeepAlive.heartbeat(Duration.ofHours(1)), LoginThrottle.unlimited());
        Future<Void> start = startOnContext();
        until(() -> pbx.logins.get() == 1);
        assertThat(start.isComplete()).as("start waits for the first login").isFalse();
        pbx.loginGate.complete();
        await(start);
        assertThat(session.state()).isEqualTo(SessionState.UP);

        pbx.loginGate = Promise.promise();
        List<Future<Void>> relogins = new ArrayList<>();
        await(onSession(() -> {
            for (int i = 0; i < 3; i++) {
                relogins.add(session.relogin("test " + i));
            }
            return Future.succeededFuture();
        }));
        pbx.loginGate.complete();
        relogins.forEach(SessionSkeletonTest::await);
        assertThat(pbx.logins.get()).as("single flight").isEqualTo(2);
        assertThat(types()).containsExactly(PbxEventType.SESSION_UP, PbxEventType.RELOGIN);
    }

    @Test
    void anUnansweredLoginBacksOffAndNeverReportsDownWhenItWasNeverUp() {
        pbx.answers.add(() -> Future.failedFuture(new IllegalStateException("connection refused")));
        pbx.answers.add(() -> Future.succeededFuture(new LoginOutcome.Failed("login: busy")));
        started();
        // the state turns UP a moment before the SESSION_UP event is published: wait for the event
        until(() -> types().contains(PbxEventType.SESSION_UP));
        assertThat(session.state()).isEqualTo(SessionState.UP);
        assertThat(pbx.logins.get()).isEqualTo(3);
        assertThat(states).containsExactly(SessionState.DOWN, SessionState.UP);
        assertThat(types()).containsExactly(PbxEventType.SESSION_UP);
    }

    @Test
    void refusedCredentialsStopForGoodAndNothingLogsInAgain() throws Exception {
        pbx.answers.add(() -> Future.succeededFuture(new LoginOutcome.Refused("20003 invalid", "; 2 left", "IP lock")));
        started();
        assertThat(session.state()).isEqualTo(SessionState.AUTH_FAILED);
        await(onSession(() -> session.relogin("a request saw an expired token")));
        Thread.sleep(100); // several backoff periods
        assertThat(pbx.logins.get()).isOne();
        assertThat(pbx.halted.get()).isOne();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(PbxEventType.AUTH_FAILED);
            assertThat(e.getReason()).isEqualTo("login refused: 20003 invalid; 2 left; not retrying to avoid the PBX's IP lock");
        });
    }

    @Test
    void aLockOutIsWaitedOutWithoutReloginsThenOneAttempt() {
        pbx.answers.add(() -> Future.succeededFuture(
                new LoginOutcome.LockedOut("20002 locked", Duration.ofSeconds(600), Duration.ofMillis(300))));
        started();
        assertThat(session.state()).isEqualTo(SessionState.LOCKED_OUT);
        await(onSession(() -> session.relogin("BootUp")));
        assertThat(pbx.logins.get()).as("no re-login while locked out").isOne();

        until(() -> session.state() == SessionState.UP);
        assertThat(pbx.logins.get()).isEqualTo(2);
        assertThat(events.get(0).getType()).isEqualTo(PbxEventType.LOCKED_OUT);
        assertThat(events.get(0).getRetryAfterSeconds()).isEqualTo(600);
    }

    @Test
    void aRejectedCredentialIsRenewedOnceAndTheRequestSentOnceMore() {
        started();
        Secret first = pbx.issued.get(0);
        List<Secret> sent = new CopyOnWriteArrayList<>();
        Future<String> answer = session.call("getStatus", credential -> {
            sent.add(credential);
            return Future.succeededFuture(credential.equals(first) ? "expired" : "ok");
        }, a -> a.equals("expired") ? Optional.of("-6 cookie expired") : Optional.empty(), IllegalStateException::new);

        assertThat(await(answer)).isEqualTo("ok");
        assertThat(sent).containsExactly(first, pbx.issued.get(1));
        assertThat(pbx.logins.get()).isEqualTo(2);
        assertThat(events.get(1).getReason()).isEqualTo("getStatus answered -6 cookie expired");
    }

    @Test
    void requestsRejectedTogetherShareOneReloginAndALateRejectionOfAnOldCredentialLogsInNoMore() {
        started();
        Secret first = pbx.issued.get(0);
        Promise<Void> release = Promise.promise();
        Promise<Void> late = Promise.promise();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Future<Void> answeredWhen = i < 3 ? release.future() : late.future();
            answers.add(session.call("query" + i, credential -> credential.equals(first)
                            ? answeredWhen.map("expired") : Future.succeededFuture("ok"),
                    a -> a.equals("expired") ? Optional.of("20004") : Optional.empty(), IllegalStateException::new));
        }
        await(onSession(() -> {
            release.complete();
            return Future.succeededFuture();
        }));
        answers.subList(0, 3).forEach(a -> assertThat(await(a)).isEqualTo("ok"));
        assertThat(pbx.logins.get()).as("one re-login for all three").isEqualTo(2);

        await(onSession(() -> {
            late.complete();
            return Future.succeededFuture();
        }));
        assertThat(await(answers.get(3))).isEqualTo("ok");
        assertThat(pbx.logins.get()).as("the credential was renewed already").isEqualTo(2);
    }

    @Test
    void aCallWhileNotUpFailsWithTheVendorsException() {
        pbx.unreachable = true;
        started();
        Future<String> answer = session.call("x", c -> Future.succeededFuture("ok"), a -> Optional.empty(),
                IllegalArgumentException::new);
        assertThat(awaitFailure(answer)).isInstanceOf(IllegalArgumentException.class).hasMessage("session is DOWN");
    }

    @Test
    void heartbeatsKeepItUpARefusedOneLogsInAgainAndAnUnansweredOneReportsDown() {
        session(SessionSkeleton.KeepAlive.heartbeat(Duration.ofMillis(50)), LoginThrottle.unlimited());
        await(startOnContext());
        until(() -> pbx.heartbeats.get() >= 2);
        assertThat(pbx.logins.get()).isOne();

        pbx.heartbeatAnswer = () -> Future.succeededFuture(HeartbeatOutcome.refused("20005"));
        until(() -> pbx.logins.get() >= 2);
        pbx.heartbeatAnswer = () -> Future.failedFuture(new IllegalStateException("timeout"));
        until(() -> types().contains(PbxEventType.SESSION_DOWN));
        assertThat(events.stream().filter(e -> e.getType() == PbxEventType.RELOGIN).findFirst().orElseThrow()
                .getReason()).isEqualTo("heartbeat refused: 20005");
    }

    @Test
    void keepAliveByLoginRenewsTheCredentialQuietly() {
        session(SessionSkeleton.KeepAlive.byLogin(Duration.ofMillis(50)), LoginThrottle.unlimited());
        await(startOnContext());
        until(() -> pbx.logins.get() >= 3);
        assertThat(types()).containsExactly(PbxEventType.SESSION_UP);
        assertThat(states).containsExactly(SessionState.UP);
        assertThat(pbx.beforeUp.get()).as("only the login that brought it up").isOne();
        assertThat(pbx.heartbeats.get()).isZero();
    }

    @Test
    void stopWaitsForTheLoginInFlightAndLogsItsCredentialOut() {
        pbx.loginGate = Promise.promise();
        session(SessionSkeleton.KeepAlive.heartbeat(Duration.ofHours(1)), LoginThrottle.unlimited());
        startOnContext();
        until(() -> pbx.logins.get() == 1);

        Future<Void> stopped = session.stop(Future::succeededFuture);
        assertThat(pbx.loggedOut).isEmpty();
        pbx.loginGate.complete();
        await(stopped);
        assertThat(pbx.loggedOut).containsExactly(pbx.issued.get(0));
        assertThat(session.state()).isEqualTo(SessionState.STOPPED);
        assertThat(types()).as("never reported up").isEmpty();
        session = null;
    }

    @Test
    void waitsItsTurnInTheThrottleAndLeavesTheLineWhenStopped() {
        LoginThrottle throttle = new LoginThrottle(1, Duration.ZERO);
        LoginThrottle.Ticket someoneElse = throttle.request();
        session(SessionSkeleton.KeepAlive.heartbeat(Duration.ofHours(1)), throttle);
        Future<Void> start = startOnContext();
        until(() -> throttle.waiting() == 1);
        assertThat(pbx.logins.get()).isZero();

        await(session.stop(Future::succeededFuture));
        await(start);
        assertThat(throttle.waiting()).isZero();
        someoneElse.release();
        assertThat(throttle.inFlight()).isZero();
        assertThat(pbx.logins.get()).as("a stopped session does not log in").isZero();
        session = null;
    }

    @Test
    void releasesItsSlotWhenTheLoginEndsEitherWay() {
        LoginThrottle throttle = new LoginThrottle(1, Duration.ZERO);
        pbx.answers.add(() -> Future.failedFuture(new IllegalStateException("refused connection")));
        session(SessionSkeleton.KeepAlive.heartbeat(Duration.ofHours(1)), throttle);
        await(startOnContext());
        until(() -> session.state() == SessionState.UP);
        assertThat(throttle.inFlight()).isZero();
        assertThat(throttle.peakInFlight()).isOne();
    }

    // ------------------------------------------------------------------ helpers

    private List<PbxEventType> types() {
        return events.stream().map(PbxEvent::getType).toList();
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Throwable awaitFailure(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("did not fail");
    }

    private static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The vendor side: answers logins from a script (then succeeds), counts what it was asked. */
    private static final class Script implements SessionProtocol {
        final Deque<Supplier<Future<LoginOutcome>>> answers = new ArrayDeque<>();
        final AtomicInteger logins = new AtomicInteger();
        final AtomicInteger heartbeats = new AtomicInteger();
        final AtomicInteger beforeUp = new AtomicInteger();
        final AtomicInteger halted = new AtomicInteger();
        final List<Secret> issued = new CopyOnWriteArrayList<>();
        final List<Secret> loggedOut = new CopyOnWriteArrayList<>();
        volatile Promise<Void> loginGate;
        volatile boolean unreachable;
        volatile Supplier<Future<HeartbeatOutcome>> heartbeatAnswer = () -> Future.succeededFuture(HeartbeatOutcome.ALIVE);

        @Override
        public Future<LoginOutcome> login() {
            int n = logins.incrementAndGet();
            Supplier<Future<LoginOutcome>> scripted = answers.poll();
            Future<Void> gate = loginGate == null ? Future.succeededFuture() : loginGate.future();
            return gate.compose(v -> {
                if (unreachable) {
                    return Future.failedFuture(new IllegalStateException("no route to host"));
                }
                if (scripted != null) {
                    return scripted.get();
                }
                Secret credential = Secret.of("token-" + n);
                issued.add(credential);
                return Future.succeededFuture(new LoginOutcome.LoggedIn(credential));
            });
        }

        @Override
        public Future<HeartbeatOutcome> heartbeat(Secret credential) {
            heartbeats.incrementAndGet();
            return heartbeatAnswer.get();
        }

        @Override
        public Future<Void> logout(Secret credential) {
            loggedOut.add(credential);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> beforeUp(Secret credential) {
            beforeUp.incrementAndGet();
            return Future.succeededFuture();
        }

        @Override
        public void halted() {
            halted.incrementAndGet();
        }
    }
}
