package io.pbxbridge.connector.grandstream.sim;

import io.pbxbridge.connector.spi.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Loopback clients for the simulator: /api over WebClient, /websockify over the WebSocket client. */
final class SimTestSupport {
    static final String API_USER = "cdrapi";
    static final String API_PASSWORD = "s3cret-api";
    static final String WEB_USER = "admin";
    static final String WEB_PASSWORD = "s3cret-web";

    private SimTestSupport() {
    }

    /** Fast, deterministic options for tests. */
    static UcmSimulatorOptions options() {
        return new UcmSimulatorOptions()
                .apiUser(API_USER, Secret.of(API_PASSWORD))
                .webUser(WEB_USER, Secret.of(WEB_PASSWORD))
                .extensions(6, 1000)
                .trunkCount(2)
                .stepDelay(Duration.ofMillis(2))
                .talkTime(Duration.ofMillis(5))
                .randomSeed(7);
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    /** One /api client session. */
    static final class Api {
        final WebClient client;
        final int port;
        String cookie;

        Api(Vertx vertx, int port) {
            this.client = WebClient.create(vertx);
            this.port = port;
        }

        HttpResponse<Buffer> raw(JsonObject request) {
            try {
                return await(client.post(port, "127.0.0.1", "/api").sendJsonObject(new JsonObject().put("request", request)));
            } finally {
                // Vert.x closes a client that becomes unreachable; keep it alive while the request runs.
                java.lang.ref.Reference.reachabilityFence(client);
            }
        }

        HttpResponse<Buffer> rawBody(Buffer body) {
            try {
                return await(client.post(port, "127.0.0.1", "/api").sendBuffer(body));
            } finally {
                java.lang.ref.Reference.reachabilityFence(client);
            }
        }

        JsonObject call(JsonObject request) {
            return raw(request).bodyAsJsonObject();
        }

        /** Sends {@code action} with the session cookie and the given parameters. */
        JsonObject send(String action, Object... keyValues) {
            JsonObject r = new JsonObject().put("action", action);
            if (cookie != null) {
                r.put("cookie", cookie);
            }
            for (int i = 0; i < keyValues.length; i += 2) {
                r.put((String) keyValues[i], keyValues[i + 1]);
            }
            return call(r);
        }

        String challenge(String user) {
            JsonObject c = call(new JsonObject().put("action", "challenge").put("user", user).put("version", "1.0"));
            if (c.getInteger("status") != 0) {
                throw new AssertionError("challenge failed: " + c);
            }
            return c.getJsonObject("response").getString("challenge");
        }

        JsonObject login(String user, String password) {
            return login(user, password, null);
        }

        JsonObject login(String user, String password, String url) {
            String challenge = challenge(user);
            JsonObject req = new JsonObject().put("action", "login").put("user", user).put("token", Md5.token(challenge, password));
            if (url != null) {
                req.put("url", url);
            }
            JsonObject r = call(req);
            if (r.getInteger("status") == 0) {
                cookie = r.getJsonObject("response").getString("cookie");
            }
            return r;
        }

        Api loggedIn() {
            JsonObject r = login(API_USER, API_PASSWORD);
            if (r.getInteger("status") != 0) {
                throw new AssertionError("login failed: " + r);
            }
            return this;
        }
    }

    /** A /websockify client collecting every frame it receives. */
    static final class Ws {
        /** Held on purpose: Vert.x closes clients that become unreachable. */
        final io.vertx.core.http.WebSocketClient client;
        final WebSocket socket;
        final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        private int tx;

        Ws(Vertx vertx, int port) {
            client = vertx.createWebSocketClient();
            socket = await(client.connect(new WebSocketConnectOptions()
                    .setHost("127.0.0.1").setPort(port).setURI("/websockify")));
            socket.textMessageHandler(t -> frames.add(new JsonObject(t)));
        }

        /** Sends a request and returns its response's {@code message}, keeping notifies for {@link #notifies}. */
        JsonObject request(JsonObject message) {
            String id = "t" + (++tx);
            socket.writeTextMessage(new JsonObject().put("type", "request").put("message", message.put("transactionid", id)).encode());
            return next(f -> "response".equals(f.getString("type")) && id.equals(f.getJsonObject("message").getString("transactionid")))
                    .getJsonObject("message");
        }

        private final java.util.List<JsonObject> skipped = new java.util.ArrayList<>();

        JsonObject next(Predicate<JsonObject> match) {
            for (int i = 0; i < skipped.size(); i++) {
                if (match.test(skipped.get(i))) {
                    return skipped.remove(i);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                JsonObject f;
                try {
                    f = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                if (f == null) {
                    throw new AssertionError("no matching frame within 10 s; skipped: " + skipped);
                }
                if (match.test(f)) {
                    return f;
                }
                skipped.add(f);
            }
        }

        void login(String user, String password) {
            JsonObject c = request(new JsonObject().put("action", "challenge").put("username", user).put("version", "1"));
            if (c.getInteger("status") != 0) {
                throw new AssertionError("ws challenge failed: " + c);
            }
            JsonObject l = request(new JsonObject().put("action", "login").put("username", user)
                    .put("token", Md5.token(c.getString("challenge"), password)));
            if (l.getInteger("status") != 0) {
                throw new AssertionError("ws login failed: " + l);
            }
        }

        int subscribe(String... names) {
            return request(new JsonObject().put("action", "subscribe").put("eventnames", new JsonArray(List.of((Object[]) names))))
                    .getInteger("status");
        }

        /** Every notify entry received so far (and within {@code wait}), flattened, in order. */
        List<JsonObject> notifies(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            java.util.List<JsonObject> out = new java.util.ArrayList<>();
            java.util.List<JsonObject> all = new java.util.ArrayList<>(skipped);
            skipped.clear();
            while (true) {
                JsonObject f;
                try {
                    f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                if (f == null) {
                    break;
                }
                all.add(f);
            }
            for (JsonObject f : all) {
                Object m = f.getValue("message");
                if (f.containsKey("type")) {
                    skipped.add(f);
                    continue;
                }
                if (m instanceof JsonArray a) {
                    a.forEach(x -> out.add((JsonObject) x));
                } else if (m instanceof JsonObject o) {
                    out.add(o);
                }
            }
            return out;
        }
    }
}
