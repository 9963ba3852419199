package io.pbxbridge.connector.yeastar.sim;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test plumbing: a real report receiver and a real API client over loopback HTTP. */
final class SimTestSupport {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern NAME = Pattern.compile("\"(?:action|event)\":\"([^\"]+)\"");

    private SimTestSupport() {
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    static Throwable awaitFailure(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    /** The {@code action} (v1) or {@code event} (v2) of a report body. */
    static String name(String body) {
        Matcher m = NAME.matcher(body);
        return m.find() ? m.group(1) : "?";
    }

    static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** A tiny HTTP server standing in for the bridge's report ingress. */
    static final class ReportReceiver {
        record Received(String path, MultiMap headers, String body) { }

        private final Vertx vertx;
        private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
        private final Deque<Integer> statuses = new ArrayDeque<>();
        private HttpServer server;

        ReportReceiver(Vertx vertx) {
            this.vertx = vertx;
        }

        int start() {
            server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(buf -> {
                received.add(new Received(req.path(), req.headers(), buf.toString()));
                int status;
                synchronized (statuses) {
                    status = statuses.isEmpty() ? 200 : statuses.pollFirst();
                }
                req.response().setStatusCode(status).end();
            })).listen(0, "127.0.0.1"));
            return server.actualPort();
        }

        int port() {
            return server.actualPort();
        }

        /** The next answers, in order (then 200). */
        void answer(Integer... codes) {
            synchronized (statuses) {
                statuses.addAll(List.of(codes));
            }
        }

        List<Received> all() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        List<String> bodies() {
            return all().stream().map(Received::body).toList();
        }

        List<String> names() {
            return bodies().stream().map(SimTestSupport::name).toList();
        }

        List<String> bodiesOf(String callId) {
            return bodies().stream().filter(b -> b.contains("\"callid\":\"" + callId + "\"")).toList();
        }

        void clear() {
            received.clear();
        }

        /** Polls until a received body matches (bounded wait, not a timing assertion). */
        String awaitBody(Predicate<String> p) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (String b : bodies()) {
                    if (p.test(b)) {
                        return b;
                    }
                }
                sleep(5);
            }
            throw new AssertionError("no matching report; got " + bodies());
        }

        void awaitCount(int n) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (received.size() < n) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("expected " + n + " reports, got " + bodies());
                }
                sleep(5);
            }
        }

        void close() {
            if (server != null) {
                await(server.close());
            }
        }
    }

    /** A minimal Yeastar API client over real HTTP. */
    static final class ApiClient {
        private final WebClient web;
        private final YeastarSimulator sim;
        String token;

        ApiClient(Vertx vertx, YeastarSimulator sim) {
            this(vertx, sim, null);
        }

        ApiClient(Vertx vertx, YeastarSimulator sim, String localAddress) {
            WebClientOptions o = new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(sim.port());
            if (localAddress != null) {
                o.setLocalAddress(localAddress);
            }
            this.web = WebClient.create(vertx, o);
            this.sim = sim;
        }

        String path(String endpoint) {
            return sim.options().apiVersion().path(endpoint);
        }

        JsonObject loginBody(String password, int reportPort, String version) {
            JsonObject b = new JsonObject().put("username", sim.options().username())
                    .put("password", SimApi.md5(password)).put("port", Integer.toString(reportPort));
            if (version != null) {
                b.put("version", version);
            }
            return b;
        }

        JsonObject login(JsonObject body) {
            JsonObject r = raw("login", body.encode(), null);
            if ("Success".equals(r.getString("status"))) {
                token = r.getString("token");
            }
            return r;
        }

        /** Logs in with the right password and the format of the simulator's API version. */
        String loginOk(int reportPort) {
            String version = sim.options().apiVersion().reportVersion();
            JsonObject r = login(loginBody(sim.options().password().reveal(), reportPort, version));
            if (!"Success".equals(r.getString("status"))) {
                throw new AssertionError("login failed: " + r);
            }
            return token;
        }

        JsonObject post(String endpoint, JsonObject body) {
            return raw(endpoint, body == null ? "" : body.encode(), token);
        }

        JsonObject raw(String endpoint, String body, String tok) {
            HttpResponse<Buffer> resp = send(endpoint, body, tok);
            if (resp.statusCode() != 200) {
                throw new AssertionError("HTTP " + resp.statusCode());
            }
            return resp.bodyAsJsonObject();
        }

        HttpResponse<Buffer> send(String endpoint, String body, String tok) {
            var req = web.post(path(endpoint)).putHeader("Content-Type", "application/json");
            if (tok != null) {
                req.addQueryParam("token", tok);
            }
            return await(req.sendBuffer(Buffer.buffer(body)));
        }

        Future<HttpResponse<Buffer>> sendAsync(String endpoint, String body, long timeoutMs) {
            var req = web.post(path(endpoint)).putHeader("Content-Type", "application/json").timeout(timeoutMs);
            if (token != null) {
                req.addQueryParam("token", token);
            }
            return req.sendBuffer(Buffer.buffer(body));
        }

        JsonObject get(String endpoint) {
            var req = web.get(path(endpoint));
            if (token != null) {
                req.addQueryParam("token", token);
            }
            return await(req.send()).bodyAsJsonObject();
        }

        void close() {
            web.close();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String errno(JsonObject r) {
        return "Failed".equals(r.getString("status")) ? r.getString("errno") : null;
    }
}
