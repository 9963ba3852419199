package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.spi.sim.InProgressCounter;
import io.pbxbridge.connector.spi.sim.PushObserver;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.api.YeastarErrno;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * A Yeastar S-Series PBX API simulator: the HTTP API of spec part A (login/token/heartbeat/logout,
 * IP lock, call control, queries, configuration), report push with re-sends, a call-flow generator
 * and fault injection. All state lives on one Vert.x context; public methods may be called from any
 * thread.
 */
public final class YeastarSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(YeastarSimulator.class);
    private static final int MAX_BODY = 1024 * 1024;

    private final Vertx vertx;
    private final YeastarSimulatorOptions options;
    private final Context context;
    private final RequestRecorder recorder;
    private final SimFaults faults;
    private final InProgressCounter logins = new InProgressCounter();
    /** Report pushes go through this client when it is shared (a fleet); null: the pusher's own. */
    private final io.vertx.core.http.HttpClient sharedPushClient;
    private final PushObserver pushObserver;
    private ApiSessions sessions;
    private LoginGuard guard;
    private PbxDirectory dir;
    private CallEngine engine;
    private ReportPusher pusher;
    private SimApi api;
    private HttpServer server;
    private long trafficTimer = -1;
    private volatile int port;
    private final java.util.concurrent.atomic.AtomicInteger openConnections = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong connectionsAccepted = new java.util.concurrent.atomic.AtomicLong();

    private YeastarSimulator(Vertx vertx, YeastarSimulatorOptions options, Context context,
                             io.vertx.core.http.HttpClient sharedPushClient, PushObserver pushObserver) {
        this.vertx = vertx;
        this.sharedPushClient = sharedPushClient;
        this.pushObserver = pushObserver;
        this.options = options;
        this.context = context;
        this.recorder = new RequestRecorder(vertx, options.maxRecordedRequests());
        this.faults = new SimFaults(this);
    }

    public static Future<YeastarSimulator> start(Vertx vertx, YeastarSimulatorOptions options) {
        Context ctx = vertx.getOrCreateContext();
        YeastarSimulator sim = new YeastarSimulator(vertx, options, ctx, null, PushObserver.NONE);
        Promise<YeastarSimulator> p = Promise.promise();
        ctx.runOnContext(v -> {
            try {
                sim.doStart().map(sim).onComplete(p);
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    /**
     * A simulator without a server of its own, on the caller's context (call on a Vert.x context): a member of a
     * fleet, whose shard server hands it the requests sent to its address ({@link #handle(HttpServerRequest)}).
     * Its reports go through {@code pushClient}, shared by the fleet, each answer told to {@code pushObserver}.
     */
    static YeastarSimulator embedded(Vertx vertx, YeastarSimulatorOptions options,
                                     io.vertx.core.http.HttpClient pushClient, PushObserver pushObserver) {
        Context ctx = Vertx.currentContext();
        if (ctx == null) {
            throw new IllegalStateException("create an embedded simulator on a Vert.x context");
        }
        YeastarSimulator sim = new YeastarSimulator(vertx, options, ctx, pushClient, pushObserver);
        sim.createState();
        return sim;
    }

    private void createState() {
        sessions = new ApiSessions(options.clock(), options.tokenTtl());
        guard = new LoginGuard(options.clock(), options.lockThreshold(), options.lockDuration());
        dir = new PbxDirectory(options);
        pusher = new ReportPusher(vertx, sharedPushClient, pushObserver, options.reportRetryInterval(),
                options.maxReportAttempts(), options.maxQueuedReports(), token -> {
            if (token != null) {
                sessions.reportDelivered(token);
            }
        });
        engine = new CallEngine(vertx, options, dir, this::emitToClient);
        api = new SimApi(options, sessions, guard, dir, engine, ext -> emitToClient(r -> List.of(
                r.configChange("extension", "extid", ext, "update"))));
    }

    private Future<Void> doStart() {
        createState();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY));
        router.route().handler(ctx -> handle(ctx.request(), ctx.body() == null ? null : ctx.body().buffer()));
        server = vertx.createHttpServer(new HttpServerOptions().setHost(options.host()));
        server.connectionHandler(conn -> {
            connectionsAccepted.incrementAndGet();
            openConnections.incrementAndGet();
            conn.closeHandler(v -> openConnections.decrementAndGet());
        });
        return server.requestHandler(router).listen(options.port(), options.host()).map(s -> {
            port = s.actualPort();
            LOG.info("Yeastar simulator (API v{}) listening on http://{}:{}", options.apiVersion().wire(),
                    options.host(), port);
            return null;
        });
    }

    public int port() {
        return port;
    }

    /** HTTP connections open to the API now (a client keeping one alive between requests holds one). */
    public int openConnections() {
        return openConnections.get();
    }

    /** HTTP connections accepted so far. */
    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    public String baseUrl() {
        return "http://" + options.host() + ":" + port;
    }

    public YeastarSimulatorOptions options() {
        return options;
    }

    public Future<Void> stop() {
        return call(() -> {
            stopTrafficNow();
            pusher.stop();
            engine.dropAll();
            return server == null ? Future.<Void>succeededFuture() : server.close();
        }).compose(f -> f);
    }

    // ---------------------------------------------------------------- request recorder

    public List<RecordedRequest> requests() {
        return recorder.requests();
    }

    public List<RecordedRequest> requestsTo(String endpoint) {
        return recorder.requestsTo(endpoint);
    }

    public void clearRequests() {
        recorder.clear();
    }

    /** See {@link RequestRecorder#await}: the earliest held request to the endpoint, or the next one. */
    public Future<RecordedRequest> awaitRequest(String endpoint, Duration timeout) {
        return recorder.await(endpoint, timeout);
    }

    // ---------------------------------------------------------------- reports, scenarios, traffic

    public ReportCounters reportCounters() {
        return pusher.counters();
    }

    public SimFaults faults() {
        return faults;
    }

    /** Endpoints this PBX answers (besides login), for docs and the CLI. */
    public Set<String> endpoints() {
        return api.endpointNames();
    }

    /** Plays one call flow; completes when the call ended and every report of it was delivered. */
    public Future<ScenarioResult> runScenario(Scenario scenario) {
        return call(() -> engine.run(scenario)).compose(f -> f);
    }

    /** Starts an inbound call (Invite first if the trunk has answering control); yields the inboundid. */
    public Future<String> startInboundCall(String trunk, String fromNumber, String toExtension) {
        return call(() -> engine.startInbound(trunk, fromNumber, toExtension).inboundId);
    }

    /** Random scenarios at an average of {@code callsPerSecond} (Poisson arrivals, seeded Random). */
    public void startTraffic(double callsPerSecond) {
        if (callsPerSecond <= 0) {
            throw new IllegalArgumentException("callsPerSecond must be positive");
        }
        onContext(() -> {
            stopTrafficNow();
            scheduleNextCall(callsPerSecond);
        });
    }

    public void stopTraffic() {
        onContext(this::stopTrafficNow);
    }

    /**
     * Pushes a report body exactly as given to the logged-in client's report target, re-sending it until
     * acknowledged like any report (a capture's replay); fails when no client is logged in.
     */
    public Future<Void> pushRecordedReport(String body) {
        return call(() -> {
            ApiSessions.Session s = sessions.reportSession();
            return s == null ? Future.<Void>failedFuture("no client logged in with a report target")
                    : pusher.push(body, s.target, s.token);
        }).compose(f -> f);
    }

    /** True once a client has logged in and registered where reports go. */
    public Future<Boolean> hasReportTarget() {
        return call(() -> sessions.reportSession() != null);
    }

    /** SMS messages accepted by {@code sms/send}, URL-decoded. */
    public List<SentSms> sentSms() {
        return dir.smsOutbox();
    }

    private void scheduleNextCall(double cps) {
        double u = engine.random().nextDouble();
        long delay = Math.max(1, (long) (-Math.log(1 - u) / cps * 1000));
        trafficTimer = vertx.setTimer(delay, id -> {
            placeRandomCall();
            scheduleNextCall(cps);
        });
    }

    /** Plays one random scenario when a client is logged in with a report target; on this simulator's context. */
    boolean placeRandomCall() {
        if (sessions.reportSession() == null) {
            return false;
        }
        Scenario[] all = Scenario.values();
        Scenario s = all[engine.random().nextInt(all.length)];
        engine.run(s).onFailure(e -> LOG.debug("scenario {} not played: {}", s, e.getMessage()));
        return true;
    }

    /** Logins accepted, refused and lock-outs started; on this simulator's context. */
    LoginGuard loginGuard() {
        return guard;
    }

    /** The tokens (for a fleet member's watch on them); on this simulator's context. */
    ApiSessions apiSessions() {
        return sessions;
    }

    private void stopTrafficNow() {
        if (trafficTimer >= 0) {
            vertx.cancelTimer(trafficTimer);
            trafficTimer = -1;
        }
    }

    /** Renders reports for the client whose target is current; nobody logged in → no reports. */
    private List<Future<Void>> emitToClient(Function<ReportRenderer, List<String>> render) {
        ApiSessions.Session s = sessions.reportSession();
        if (s == null) {
            return List.of();
        }
        List<Future<Void>> sent = new ArrayList<>();
        for (String body : render.apply(new ReportRenderer(s.target.format(), options.serialNumber()))) {
            sent.add(pusher.push(body, s.target, s.token));
        }
        return sent;
    }

    // ---------------------------------------------------------------- faults (on context)

    void reboot() {
        onContext(() -> {
            // BootUp goes only to an app that was logged in when the PBX went down (spec §A.3.1).
            ApiSessions.Session live = sessions.reportSession();
            ReportTarget target = live == null ? null : live.target;
            sessions.forgetAll();
            engine.dropAll();
            if (target != null) {
                pusher.push(new ReportRenderer(target.format(), options.serialNumber()).bootUp(), target, null);
            }
        });
    }

    void expireTokensNow() {
        sessions.expireAll();
    }

    void pauseReportsNow() {
        pusher.pause();
    }

    void resumeReportsNow() {
        pusher.resume();
    }

    void unlockNow() {
        guard.unlockAll();
    }

    void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }

    private <T> Future<T> call(Callable<T> c) {
        Promise<T> p = Promise.promise();
        onContext(() -> {
            try {
                p.complete(c.call());
            } catch (Exception e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    // ---------------------------------------------------------------- HTTP

    /**
     * Answers one request of an embedded simulator (a fleet member): reads the body (at most 1 MiB, as the
     * standalone server's body handler), then as {@link #handle(HttpServerRequest, Buffer)}. On this
     * simulator's context.
     */
    void handle(HttpServerRequest request) {
        request.body().onComplete(ar -> {
            if (ar.failed()) {
                request.connection().close();
            } else if (ar.result().length() > MAX_BODY) {
                request.response().setStatusCode(413).end();
            } else {
                handle(request, ar.result());
            }
        });
    }

    private void handle(HttpServerRequest request, Buffer bodyBuffer) {
        String path = request.path();
        String endpoint = endpointOf(path);
        String sourceIp = request.remoteAddress() == null ? "" : request.remoteAddress().host();
        String text = bodyBuffer == null ? "" : bodyBuffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        JsonObject body = null;
        String rawBody = null;
        boolean blank = text.isBlank();
        if (blank) {
            body = new JsonObject();
        } else {
            try {
                body = new JsonObject(text);
            } catch (DecodeException | ClassCastException e) {
                rawBody = text;
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        request.params().forEach(e -> query.put(e.getKey(), "token".equals(e.getKey()) ? RequestRecorder.MASK : e.getValue()));
        JsonObject recordedBody = body == null ? null : body.copy();
        if (recordedBody != null && recordedBody.containsKey("password")) {
            recordedBody.put("password", RequestRecorder.MASK);
        }
        String method = request.method().name();

        boolean login = "login".equals(endpoint);
        if (login) {
            logins.started();
        }
        if (faults.dropNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            record(method, path, endpoint, query, recordedBody, rawBody, sourceIp, null, 0);
            request.connection().close();
            answered(login);
            return;
        }
        if (faults.failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            int status = faults.failStatus.get();
            record(method, path, endpoint, query, recordedBody, rawBody, sourceIp, null, status);
            request.response().setStatusCode(status).end();
            answered(login);
            return;
        }

        JsonObject answer;
        try {
            if (endpoint == null) {
                throw SimApiException.of(YeastarErrno.UNSUPPORTED_REQUEST);
            }
            if (request.method() != HttpMethod.POST) {
                throw SimApiException.of(YeastarErrno.ONLY_POST);
            }
            if (body == null) {
                throw SimApiException.of(YeastarErrno.ONLY_JSON);
            }
            answer = api.handle(new SimApi.Request(endpoint, body, blank, request.getParam("token"), sourceIp));
        } catch (SimApiException e) {
            answer = new JsonObject().put("status", "Failed").put("errno", e.errno().code());
        } catch (RuntimeException e) {
            LOG.warn("simulator failed on {}", endpoint, e);
            answer = new JsonObject().put("status", "Failed").put("errno", YeastarErrno.API_CODES_ERROR.code());
        }
        String errno = answer.getString("errno");
        record(method, path, endpoint == null ? path : endpoint, query, recordedBody, rawBody, sourceIp, errno, 200);
        String out = answer.encode();
        long delay = faults.slow.get().toMillis();
        if (delay > 0) {
            vertx.setTimer(delay, id -> {
                respond(request, out);
                answered(login);
            });
        } else {
            respond(request, out);
            answered(login);
        }
    }

    private void answered(boolean login) {
        if (login) {
            logins.finished();
        }
    }

    /** The {@code login} requests being answered right now, and the most at once: the PBX's view of a login storm. */
    public InProgressCounter logins() {
        return logins;
    }

    private static void respond(HttpServerRequest request, String json) {
        if (!request.response().closed()) {
            request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(json);
        }
    }

    private void record(String method, String path, String endpoint, Map<String, String> query,
                        JsonObject body, String rawBody, String ip, String errno, int status) {
        recorder.record(new RecordedRequest(options.clock().instant(), method, path,
                endpoint == null ? path : endpoint, Map.copyOf(query), body, rawBody, ip, errno, status));
    }

    /** {@code /api/v1.1.0/extension/query} → {@code extension/query}; other versions or paths → null. */
    private String endpointOf(String path) {
        if (path == null) {
            return null;
        }
        String prefix = "/api/v" + options.apiVersion().wire() + "/";
        if (!path.startsWith(prefix) && options.apiVersion() == YeastarApiVersion.V1_0_0
                && path.startsWith("/api/v1.0.1/")) {
            // 2017 firmware answers both v1.0.0 and v1.0.1 paths (seed 002 uses both)
            prefix = "/api/v1.0.1/";
        }
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            return null;
        }
        String e = path.substring(prefix.length());
        return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
    }
}
