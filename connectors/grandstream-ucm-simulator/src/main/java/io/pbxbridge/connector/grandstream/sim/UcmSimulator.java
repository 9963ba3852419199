package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A Grandstream UCM630X / FIBERME FCM630A simulator: one HTTP server with the HTTPS API at {@code /api}
 * (seed 004) and the event WebSocket at {@code /websockify} (spec B.3), generated call traffic, CDRs,
 * the login-{@code url} report push, a request recorder and fault injection.
 *
 * <p>Plain HTTP unless {@link UcmSimulatorOptions#tls} is set; a real UCM listens for HTTPS on 8089.
 *
 * <p>All simulator state lives on one Vert.x context; public methods may be called from any thread.
 */
public final class UcmSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(UcmSimulator.class);
    private static final int MAX_BODY = 1024 * 1024;

    private final Vertx vertx;
    private final Context context;
    private final UcmSimulatorOptions options;
    private final SimConfig config;
    private final EventHub events = new EventHub();
    private final CdrStore cdrs = new CdrStore();
    private final CallEngine engine;
    private final CallFlows flows;
    private final ApiAuthenticator auth;
    private final FaultInjector faults = new FaultInjector();
    private final ApplyChangesGate applyGate = new ApplyChangesGate();
    private final RequestRecorder recorder;
    private final WebSocketEndpoint webSockets;
    private final SystemActions system;
    private final ApiEndpoint api;
    private final WebClient pushClient;
    private final boolean ownPushClient;
    private final Map<String, UrlPusher> pushers = new ConcurrentHashMap<>();
    private final AtomicLong droppedPushes = new AtomicLong();
    private final AtomicLong trafficFailures = new AtomicLong();
    private HttpServer server;
    private long trafficTimer = -1;

    private UcmSimulator(Vertx vertx, Context context, UcmSimulatorOptions options) {
        this(vertx, context, options, null);
    }

    /** @param sharedPushClient login-url pushes go through it (a fleet's one client); null: a client of its own */
    private UcmSimulator(Vertx vertx, Context context, UcmSimulatorOptions options,
                         io.vertx.core.http.HttpClient sharedPushClient) {
        this.vertx = vertx;
        this.context = context;
        this.options = options;
        this.config = new SimConfig(options);
        RecordingStore recordings = new RecordingStore();
        this.engine = new CallEngine(vertx, options, config, events, cdrs, recordings);
        this.flows = new CallFlows(vertx, options, config, engine);
        this.auth = new ApiAuthenticator(options.apiUser(), options.apiPassword(), options, System::currentTimeMillis);
        this.recorder = new RequestRecorder(vertx, options.requestLogCapacity());
        this.webSockets = new WebSocketEndpoint(options, events);
        this.system = new SystemActions(options, config, cdrs);
        this.ownPushClient = sharedPushClient == null;
        this.pushClient = sharedPushClient == null ? WebClient.create(vertx) : WebClient.wrap(sharedPushClient);
        this.api = new ApiEndpoint(vertx, auth, faults, recorder, new ApiEndpoint.SessionHooks() {
            @Override
            public void loggedIn(ApiAuthenticator.ApiSession s) {
                if (s.pushUrl() != null) {
                    UrlPusher p = new UrlPusher(vertx, pushClient, s.pushUrl(), options, droppedPushes,
                            () -> auth.isLive(s.cookie()));
                    pushers.put(s.cookie(), p);
                    events.add(p);
                }
            }

            @Override
            public void loggedOut(String cookie) {
                stopPusher(cookie);
            }
        }, options.logins() == null ? new io.pbxbridge.connector.spi.sim.InProgressCounter() : options.logins());
        Map<String, ApiAction> actions = api.actions();
        system.register(actions);
        actions.put("recapi", recordings::recapi);
        new ConfigActions(config, applyGate).register(actions);
        new CallActions(options, config, engine, flows).register(actions);
        ApiAction apply = actions.get("applyChanges");
        actions.put("applyChanges", p -> {
            ApiReply r = apply.handle(p);
            events.publish("PbxStatus", new JsonArray().add(new JsonObject().put("status", "ChangesApplied")));
            return r;
        });
    }

    /** Starts a simulator; the future completes once it listens. */
    public static Future<UcmSimulator> start(Vertx vertx, UcmSimulatorOptions options) {
        UcmSimulatorOptions copy = new UcmSimulatorOptions(options);
        Context ctx = vertx.getOrCreateContext();
        Promise<UcmSimulator> started = Promise.promise();
        ctx.runOnContext(v -> {
            UcmSimulator sim = new UcmSimulator(vertx, ctx, copy);
            sim.listen().onSuccess(x -> {
                if (copy.callsPerSecond() > 0) {
                    sim.startTraffic(copy.callsPerSecond());
                }
                LOG.info("UCM simulator ({}) listening on {}://{}:{} (/api, /websockify)", copy.model(), sim.scheme(), copy.host(), sim.port());
                started.complete(sim);
            }).onFailure(e -> {
                sim.pushClient.close();
                started.fail(e);
            });
        });
        return started.future();
    }

    /**
     * A simulator without a server of its own, on the caller's context (call on a Vert.x context): a member of a
     * fleet, whose shard server hands it the requests sent to its address ({@link #handle}). Its login-url pushes
     * go through {@code pushClient}, shared by the fleet. No traffic of its own.
     */
    static UcmSimulator embedded(Vertx vertx, UcmSimulatorOptions options, io.vertx.core.http.HttpClient pushClient) {
        Context ctx = Vertx.currentContext();
        if (ctx == null) {
            throw new IllegalStateException("create an embedded simulator on a Vert.x context");
        }
        return new UcmSimulator(vertx, ctx, new UcmSimulatorOptions(options), pushClient);
    }

    /** Answers one request of an embedded simulator: {@code POST /api} or the event WebSocket; on its context. */
    void handle(io.vertx.core.http.HttpServerRequest request) {
        String path = request.path();
        if ("/api".equals(path) && request.method() == HttpMethod.POST) {
            request.body().onComplete(ar -> {
                if (ar.failed()) {
                    request.connection().close();
                } else if (ar.result().length() > MAX_BODY) {
                    request.response().setStatusCode(413).end();
                } else {
                    api.handle(request, ar.result());
                }
            });
        } else if ("/websockify".equals(path)) {
            request.toWebSocket().onSuccess(webSockets::accept)
                    .onFailure(e -> LOG.debug("WebSocket upgrade failed: {}", e.toString()));
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    /** Places one random call flow (the traffic mix); false when nobody is logged in to hear of it. */
    boolean placeRandomCall() {
        if (auth.liveSessions().isEmpty()) {
            return false;
        }
        CallScenario s = pickScenario();
        Future<SimCallSummary> call;
        try {
            call = flows.run(s, null, null);
        } catch (RuntimeException e) {
            call = Future.failedFuture(e);
        }
        call.onFailure(e -> {
            trafficFailures.incrementAndGet();
            LOG.debug("generated {} call failed: {}", s, e.toString());
        });
        return true;
    }

    /** Logins accepted, refused and bans started. */
    long[] loginCounts() {
        return auth.loginCounts();
    }

    /** Whether a client holds a live API cookie. */
    boolean loggedIn() {
        return !auth.liveSessions().isEmpty();
    }

    private Future<Void> listen() {
        Router router = Router.router(vertx);
        router.route("/api").method(HttpMethod.POST).handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(api::handle);
        router.route("/websockify").handler(rc -> rc.request().toWebSocket()
                .onSuccess(webSockets::accept)
                .onFailure(e -> LOG.debug("WebSocket upgrade failed: {}", e.toString())));
        HttpServerOptions serverOptions = new HttpServerOptions();
        if (options.tls() != null) {
            serverOptions.setSsl(true).setKeyCertOptions(options.tls());
        }
        return vertx.createHttpServer(serverOptions).requestHandler(router)
                .exceptionHandler(e -> LOG.debug("connection error (TLS handshake, reset...): {}", e.toString()))
                .listen(options.port(), options.host())
                .onSuccess(s -> server = s).mapEmpty();
    }

    public int port() {
        return server.actualPort();
    }

    /** "https" when started with {@link UcmSimulatorOptions#tls}, else "http". */
    public String scheme() {
        return options.tls() != null ? "https" : "http";
    }

    public String host() {
        return options.host();
    }

    public UcmModel model() {
        return options.model();
    }

    /** Stops traffic, ends live calls, closes WebSockets and the server. */
    public Future<Void> stop() {
        return onContext(() -> {
            stopTrafficNow();
            pushers.keySet().forEach(this::stopPusher);
            Future<Void> closed = webSockets.dropAll();
            engine.endAll("ANSWERED");   // cancels the calls' timers
            return closed;
        }).compose(v -> v).compose(v -> server == null ? Future.succeededFuture() : server.close())
                .onComplete(x -> {
                    if (ownPushClient) {
                        pushClient.close();
                    }
                });
    }

    // ---------------------------------------------------------------- recorder

    public RequestRecorder recorder() {
        return recorder;
    }

    public List<RecordedRequest> requests() {
        return recorder.requests();
    }

    public List<RecordedRequest> requestsFor(String action) {
        return recorder.requestsFor(action);
    }

    public Future<RecordedRequest> awaitRequest(String action, Duration timeout) {
        return recorder.awaitRequest(action, timeout);
    }

    public void clearRequests() {
        recorder.clearRequests();
    }

    // ---------------------------------------------------------------- traffic

    /** Runs one call flow with random parties; completes when its last frame has been sent. */
    public Future<SimCallSummary> runScenario(CallScenario scenario) {
        return runScenario(scenario, null, null);
    }

    /**
     * Runs one call flow. {@code caller}/{@code callee} may be null for random parties: for INBOUND and QUEUE
     * the caller is an external number and the callee an extension (INBOUND) or queue number (QUEUE); for
     * OUTBOUND the callee is an external number.
     */
    public Future<SimCallSummary> runScenario(CallScenario scenario, String caller, String callee) {
        return onContext(() -> flows.run(scenario, caller, callee)).compose(f -> f);
    }

    /** Starts generating mixed calls at {@code callsPerSecond} (replacing any running traffic). */
    public void startTraffic(double callsPerSecond) {
        if (!(callsPerSecond > 0 && callsPerSecond <= 1000)) {
            throw new IllegalArgumentException("callsPerSecond must be in (0, 1000]");
        }
        long period = Math.max(1, Math.round(1000 / callsPerSecond));
        context.runOnContext(v -> {
            stopTrafficNow();
            trafficTimer = vertx.setPeriodic(period, id -> {
                CallScenario s = pickScenario();
                Future<SimCallSummary> call;
                try {
                    call = flows.run(s, null, null);
                } catch (RuntimeException e) {
                    // e.g. the queue or every trunk was deleted through the API
                    call = Future.failedFuture(e);
                }
                call.onFailure(e -> {
                    trafficFailures.incrementAndGet();
                    LOG.debug("generated {} call failed: {}", s, e.toString());
                });
            });
        });
    }

    public void stopTraffic() {
        context.runOnContext(v -> stopTrafficNow());
    }

    private void stopTrafficNow() {
        if (trafficTimer >= 0) {
            vertx.cancelTimer(trafficTimer);
            trafficTimer = -1;
        }
    }

    private CallScenario pickScenario() {
        int r = engine.random.nextInt(100);
        if (r < 30) {
            return CallScenario.INTERNAL;
        } else if (r < 55) {
            return CallScenario.INBOUND;
        } else if (r < 80) {
            return CallScenario.OUTBOUND;
        } else if (r < 90) {
            return CallScenario.FAILED;
        } else if (r < 95) {
            return CallScenario.TRANSFERRED;
        }
        return CallScenario.QUEUE;
    }

    // ---------------------------------------------------------------- faults

    /** Every API cookie becomes invalid (next request answers -6). */
    public void invalidateCookies() {
        auth.invalidateAll();
        pushers.keySet().forEach(this::stopPusher);
    }

    /** Drops cookies, WebSocket sessions, login-url pushes and live calls; uptime restarts. */
    public Future<Void> reboot() {
        return onContext(() -> {
            invalidateCookies();
            Future<Void> closed = webSockets.dropAll();
            engine.endAll("ANSWERED");
            system.rebooted();
            return closed;
        }).compose(f -> f);
    }

    /** Closes every WebSocket as a network drop would; the API stays up. */
    public Future<Void> dropWebSockets() {
        return onContext(webSockets::dropAll).compose(f -> f);
    }

    /** The {@code login} requests being answered right now, and the most at once: the PBX's view of a login storm. */
    public io.pbxbridge.connector.spi.sim.InProgressCounter logins() {
        return api.logins();
    }

    /** Delays every /api answer by {@code delay} (zero to stop). */
    public void slowResponses(Duration delay) {
        faults.slowResponses(delay);
    }

    /** The next {@code n} /api requests answer a bare HTTP {@code httpStatus} with no body. */
    public void failNext(int n, int httpStatus) {
        faults.failNext(n, httpStatus);
    }

    /** The next {@code n} authenticated /api requests answer API status {@code status} (e.g. -5, -8, -9). */
    public void failNextWithStatus(int n, int status) {
        faults.failNextWithStatus(n, UcmStatus.fromCode(status));
    }

    /** The next {@code times} applyChanges answer {@code status} (-45, -46, -57, -69, -98, ...). */
    public void applyChangesFails(int status, int times) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0");
        }
        applyGate.failNext(UcmStatus.fromCode(status), times);
    }

    // ---------------------------------------------------------------- replay (UcmReplay)

    /** Answers {@code name} with {@code action} from now on. Call on the simulator's context. */
    void overrideAction(String name, ApiAction action) {
        api.actions().put(name, action);
    }

    /** WebSocket sessions logged in and subscribed. Call on the simulator's context. */
    int subscribedWebSockets() {
        return webSockets.subscribedCount();
    }

    /** Sends a recorded notification message as is to every subscribed WebSocket. Call on the simulator's context. */
    void sendRecordedFrame(String text) {
        webSockets.sendToSubscribed(text);
    }

    /** POSTs a recorded report body as is to every login-{@code url} push target. Call on the simulator's context. */
    void pushRecordedReport(String body) {
        pushers.values().forEach(p -> p.push(body));
    }

    Context context() {
        return context;
    }

    // ---------------------------------------------------------------- inspection

    /** Configuration changes not yet applied. */
    public int pendingChanges() {
        return config.pendingChanges();
    }

    /** Configuration changes applied so far. */
    public long appliedChanges() {
        return config.appliedChanges();
    }

    public int cdrCount() {
        return cdrs.size();
    }

    /** Notify frames sent to subscribed WebSockets since start (load harnesses measure with it). */
    public long notifyFramesSent() {
        return webSockets.notifyFrames();
    }

    public int webSocketSessions() {
        return webSockets.sessionCount();
    }

    /** Login-url reports dropped because a push queue was full. */
    public long droppedPushes() {
        return droppedPushes.get();
    }

    /** Generated calls that failed inside the simulator (should stay 0). */
    public long trafficFailures() {
        return trafficFailures.get();
    }

    /** Live calls right now. */
    public Future<Integer> liveCalls() {
        return onContext(engine::liveCalls);
    }

    /** Extension numbers, in order. */
    public List<String> extensions() {
        return config.extensions();
    }

    private void stopPusher(String cookie) {
        UrlPusher p = pushers.remove(cookie);
        if (p != null) {
            p.stop();
            events.remove(p);
        }
    }

    private <T> Future<T> onContext(Supplier<T> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(work.get());
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }
}
