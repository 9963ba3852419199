package io.pbxbridge.connector.grandstream.testing;

import io.pbxbridge.connector.grandstream.api.UcmTokens;
import io.pbxbridge.connector.spi.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small scripted UCM for tests (until the real simulator is used): {@code POST /api} with
 * challenge/login/cookie, a few actions, cdrapi with end-time filter and paging, and
 * {@code /websockify} with challenge/login/subscribe/heartbeat and pushed notify frames. Real HTTP
 * and WebSocket over loopback on an ephemeral port.
 */
public final class ScriptedUcm {
    public static final String API_USER = "cdrapi";
    public static final String API_PASSWORD = "api-pass-123";
    public static final String WEB_USER = "admin";
    public static final String WEB_PASSWORD = "web-pass-456";

    private final Vertx vertx;
    private HttpServer server;
    private final Set<String> cookies = ConcurrentHashMap.newKeySet();
    private final AtomicInteger cookieSeq = new AtomicInteger();
    public final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    public final List<JsonObject> wsRequests = new CopyOnWriteArrayList<>();
    private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
    public volatile String productModel = "UCM6304 V1.3A";
    /** When set, login answers with this body instead of checking the token. */
    public volatile JsonObject loginOverride;
    public volatile JsonArray bridged = new JsonArray();
    public volatile JsonArray unbridged = new JsonArray();
    public volatile JsonArray accounts = new JsonArray();
    public final List<JsonObject> cdrs = new CopyOnWriteArrayList<>();
    public final Map<String, Function<JsonObject, JsonObject>> actions = new ConcurrentHashMap<>();
    /** Notify frames sent on a WebSocket right after its login succeeded, before the subscribe answer. */
    public final List<String> framesDuringHandshake = new CopyOnWriteArrayList<>();
    public volatile int wsLogins;

    public ScriptedUcm(Vertx vertx) {
        this.vertx = vertx;
    }

    public Future<Integer> start() {
        return startOn(0);
    }

    /** HTTPS and WSS with the given self-signed certificate. */
    public Future<Integer> startTls(io.vertx.core.net.SelfSignedCertificate certificate) {
        server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(certificate.keyCertOptions()))
                .webSocketHandler(this::onWebSocket)
                .requestHandler(this::onRequest);
        return server.listen(0, "127.0.0.1").map(HttpServer::actualPort);
    }

    public Future<Integer> startOn(int port) {
        server = vertx.createHttpServer()
                .webSocketHandler(this::onWebSocket)
                .requestHandler(this::onRequest);
        return server.listen(port, "127.0.0.1").map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    public int port() {
        return server.actualPort();
    }

    /** Every cookie handed out so far stops working (next request answers -6). */
    public void expireCookies() {
        cookies.clear();
    }

    public long count(String action) {
        return requests.stream().filter(r -> action.equals(r.getString("action"))).count();
    }

    public List<JsonObject> requests(String action) {
        return requests.stream().filter(r -> action.equals(r.getString("action"))).toList();
    }

    public long wsCount(String action) {
        return wsRequests.stream().filter(r -> action.equals(r.getString("action"))).count();
    }

    public int openSockets() {
        return sockets.size();
    }

    /** Sends a text frame to every subscribed WebSocket. */
    public void push(String frame) {
        sockets.forEach(ws -> ws.writeTextMessage(frame));
    }

    /** Drops every WebSocket connection (as a network failure or PBX restart would). */
    public void dropWebSockets() {
        List<ServerWebSocket> all = new ArrayList<>(sockets);
        sockets.clear();
        all.forEach(ws -> ws.close());
    }

    private void onRequest(HttpServerRequest req) {
        if (!"/api".equals(req.path())) {
            req.response().setStatusCode(404).end();
            return;
        }
        req.body().onSuccess(buf -> {
            JsonObject request = buf.toJsonObject().getJsonObject("request");
            requests.add(request.copy());
            req.response().putHeader("Content-Type", "application/json").end(answer(request).encode());
        });
    }

    private JsonObject answer(JsonObject request) {
        String action = request.getString("action");
        switch (action) {
            case "challenge":
                return ok(new JsonObject().put("challenge", "0000001652831717"));
            case "login":
                if (loginOverride != null) {
                    return loginOverride;
                }
                String expected = UcmTokens.loginToken("0000001652831717", Secret.of(API_PASSWORD)).reveal();
                if (!API_USER.equals(request.getString("user")) || !expected.equals(request.getString("token"))) {
                    return new JsonObject().put("status", -37).put("response", new JsonObject().put("remain_num", 4));
                }
                String cookie = "sid" + cookieSeq.incrementAndGet() + "-1574421057";
                cookies.add(cookie);
                return ok(new JsonObject().put("cookie", cookie));
            default:
                break;
        }
        if (!cookies.contains(request.getString("cookie"))) {
            return new JsonObject().put("status", -6);
        }
        Function<JsonObject, JsonObject> custom = actions.get(action);
        if (custom != null) {
            return custom.apply(request);
        }
        return switch (action) {
            case "logout" -> {
                cookies.remove(request.getString("cookie"));
                yield ok(new JsonObject());
            }
            case "getSystemGeneralStatus" -> ok(new JsonObject().put("product-model", productModel).put("prog-version", "1.0.20.13"));
            case "listBridgedChannels" -> ok(new JsonObject().put("channel", bridged.copy()).put("page", 1).put("total_page", 1));
            case "listUnBridgedChannels" -> ok(new JsonObject().put("channel", unbridged.copy()).put("page", 1).put("total_page", 1));
            case "listAccount" -> ok(new JsonObject().put("account", accounts.copy()).put("page", 1).put("total_page", 1));
            case "cdrapi" -> cdrapi(request);
            default -> new JsonObject().put("status", -19);
        };
    }

    /** cdrapi with timeFilterType=End and startTime, numRecords/offset paging; answers like the seed (no status). */
    private JsonObject cdrapi(JsonObject request) {
        DateTimeFormatter pbx = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime since = LocalDateTime.parse(request.getString("startTime"));
        String field = "End".equalsIgnoreCase(request.getString("timeFilterType")) ? "end" : "start";
        List<JsonObject> matching = new ArrayList<>();
        for (JsonObject cdr : cdrs) {
            if (!LocalDateTime.parse(cdr.getString(field), pbx).isBefore(since)) {
                matching.add(cdr);
            }
        }
        int offset = request.getInteger("offset", 0);
        int num = request.getInteger("numRecords", 1000);
        List<JsonObject> page = matching.subList(Math.min(offset, matching.size()), Math.min(matching.size(), offset + num));
        return new JsonObject().put("cdr_root", new JsonArray(new ArrayList<>(page)));
    }

    private void onWebSocket(ServerWebSocket ws) {
        if (!"/websockify".equals(ws.path())) {
            ws.close((short) 1008, "wrong path");
            return;
        }
        ws.textMessageHandler(text -> {
            JsonObject message = new JsonObject(text).getJsonObject("message");
            wsRequests.add(message.copy());
            String tx = message.getString("transactionid");
            String action = message.getString("action");
            JsonObject reply = new JsonObject().put("transactionid", tx);
            switch (action) {
                case "challenge" -> reply.put("status", 0).put("challenge", "0000000000000042");
                case "login" -> {
                    String expected = UcmTokens.loginToken("0000000000000042", Secret.of(WEB_PASSWORD)).reveal();
                    boolean good = WEB_USER.equals(message.getString("username")) && expected.equals(message.getString("token"));
                    reply.put("status", good ? 0 : -37);
                    if (good) {
                        wsLogins++;
                    }
                }
                case "subscribe" -> {
                    JsonArray names = message.getJsonArray("eventnames");
                    boolean known = names.stream().allMatch(n -> Set.of("ActiveCallStatus", "ExtensionStatus", "TrunkStatus",
                            "PbxStatus", "PresenceStatus").contains(n.toString()));
                    framesDuringHandshake.forEach(ws::writeTextMessage);
                    reply.put("status", known ? 0 : -9);
                    if (known) {
                        sockets.add(ws);
                    }
                }
                case "heartbeat" -> reply.put("status", 0);
                default -> reply.put("status", -19);
            }
            ws.writeTextMessage(new JsonObject().put("type", "response").put("message", reply).encode());
        });
        ws.closeHandler(v -> sockets.remove(ws));
    }

    private static JsonObject ok(JsonObject response) {
        return new JsonObject().put("status", 0).put("response", response);
    }
}
