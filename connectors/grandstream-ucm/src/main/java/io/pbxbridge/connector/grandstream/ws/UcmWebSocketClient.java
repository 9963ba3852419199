package io.pbxbridge.connector.grandstream.ws;

import io.pbxbridge.connector.grandstream.api.UcmApi;
import io.pbxbridge.connector.grandstream.api.UcmApiClient;
import io.pbxbridge.connector.grandstream.api.UcmResponse;
import io.pbxbridge.connector.grandstream.api.UcmStatus;
import io.pbxbridge.connector.grandstream.api.UcmTokens;
import io.pbxbridge.connector.grandstream.session.UcmSessionPart;
import io.pbxbridge.connector.spi.Backoff;
import io.pbxbridge.connector.grandstream.UcmOptions;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.tls.PbxTls;
import io.pbxbridge.schema.PbxEventType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The UCM's event channel: WebSocket {@code /websockify} on the web port, authenticated with a web
 * user (the API user does not work there): challenge → login (md5(challenge+password)) → subscribe
 * ({@code ws_events}; one unknown name fails the whole subscribe with -9) → heartbeat every
 * {@code ws_heartbeat} (30 s). A dropped connection is re-established with backoff and re-subscribed,
 * then resynchronised from listBridgedChannels / listUnBridgedChannels / listAccount through the API
 * session. Notify frames that arrive before the resync finished (even during the handshake: the UCM
 * sends them between request and response) are held back and handed over after the snapshot, so the
 * listener sees a consistent order. Login refusals follow the session's lock-out rules: -37/-71 stop
 * the client, -68/-70 wait out {@code remain_time} before one more attempt.
 */
public final class UcmWebSocketClient implements UcmSessionPart {
    private static final Logger LOG = LoggerFactory.getLogger(UcmWebSocketClient.class);

    private final Vertx vertx;
    private final PbxConfig pbx;
    private final UcmApi api;
    private final UcmNotifyListener listener;
    private final String username;
    private Secret password;
    private final String passwordFile;
    private final List<String> events;
    private final Duration heartbeat;
    private final long requestTimeoutMs;
    private final Duration lockoutWait;
    private final int holdLimit;
    private final Backoff backoff;
    private final WebSocketClientOptions clientOptions;
    private final WebSocketConnectOptions connectOptions;
    private WebSocketClient client;

    private final Map<String, Promise<JsonObject>> pending = new HashMap<>();
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private final ArrayDeque<Instant> heldAt = new ArrayDeque<>();
    private WebSocket socket;
    private boolean holding;
    private boolean running;
    private long timerId = -1;
    private long heartbeatTimer = -1;
    private long txCounter;
    private int connects;

    public UcmWebSocketClient(Vertx vertx, PbxConfig pbx, UcmApi api, UcmNotifyListener listener) {
        this.vertx = vertx;
        this.pbx = pbx;
        this.api = api;
        this.listener = listener;
        PbxOptions opts = pbx.options();
        this.username = opts.get(UcmOptions.WS_USERNAME);
        this.password = Secret.of(opts.get(UcmOptions.WS_PASSWORD));
        this.passwordFile = opts.given(UcmOptions.WS_PASSWORD_FILE).map(Path::toString).orElse("");
        this.events = opts.get(UcmOptions.WS_EVENTS);
        this.heartbeat = opts.get(UcmOptions.WS_HEARTBEAT);
        this.requestTimeoutMs = opts.get(UcmOptions.REQUEST_TIMEOUT).toMillis();
        this.lockoutWait = opts.get(UcmOptions.LOCKOUT_WAIT);
        this.holdLimit = opts.get(UcmOptions.EVENT_BUFFER);
        this.backoff = new Backoff(opts.given(UcmOptions.WS_BACKOFF_BASE).orElse(opts.get(UcmOptions.BACKOFF_BASE)),
                opts.given(UcmOptions.WS_BACKOFF_MAX).orElse(opts.get(UcmOptions.BACKOFF_MAX)));
        URI base = pbx.apiUrl();
        boolean secure = "https".equalsIgnoreCase(base.getScheme()) || "wss".equalsIgnoreCase(base.getScheme());
        WebSocketClientOptions options = new WebSocketClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeoutMs))
                .setMaxFrameSize(1024 * 1024)
                .setMaxMessageSize(16 * 1024 * 1024);
        PbxTls.configure(options, UcmApiClient.tlsSettings(pbx), secure);
        this.clientOptions = options;
        int port = base.getPort() > 0 ? base.getPort() : (secure ? 443 : 80);
        this.connectOptions = new WebSocketConnectOptions().setHost(base.getHost()).setPort(port).setSsl(secure)
                .setURI(opts.get(UcmOptions.WS_PATH)).setTimeout(requestTimeoutMs);
    }

    /** True when a web user is configured; without one the UCM offers no live events. */
    public boolean configured() {
        return !username.isBlank() && (!password.isEmpty() || !passwordFile.isBlank());
    }

    public boolean connected() {
        return socket != null && !holding;
    }

    /** How many times the socket was (re)connected and subscribed. */
    public int connects() {
        return connects;
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        if (!configured()) {
            LOG.warn("PBX {}: no ws_username and ws_password (or ws_password_file): live call events over /websockify are off", pbx.id());
            return;
        }
        running = true;
        // A fresh client per start: the session stops and restarts its parts around a lock-out.
        client = vertx.createWebSocketClient(clientOptions);
        if (password.isEmpty()) {
            // ws_password_file (a Docker/Kubernetes secret): read asynchronously, trailing line break dropped.
            vertx.fileSystem().readFile(passwordFile).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.error("PBX {}: cannot read ws_password_file {}: live call events are off", pbx.id(), passwordFile);
                    listener.onProblem(PbxEventType.AUTH_FAILED, "cannot read ws_password_file " + passwordFile, null);
                    running = false;
                    return;
                }
                password = Secret.of(ar.result().toString(StandardCharsets.UTF_8).replaceAll("\\r?\\n$", ""));
                connect();
            });
            return;
        }
        connect();
    }

    @Override
    public Future<Void> stop() {
        running = false;
        cancelTimers();
        failPending("client stopped");
        WebSocket ws = socket;
        socket = null;
        WebSocketClient used = client;
        client = null;
        Future<Void> closed = ws == null ? Future.succeededFuture() : ws.close().recover(e -> Future.succeededFuture());
        return closed.compose(v -> used == null ? Future.<Void>succeededFuture() : used.close().recover(e -> Future.succeededFuture()));
    }

    private void connect() {
        if (!running || client == null) {
            return;
        }
        holding = true;
        client.connect(connectOptions).onComplete(ar -> {
            if (!running) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                retryLater("connect to /websockify failed: " + ar.cause().getMessage());
                return;
            }
            WebSocket ws = ar.result();
            socket = ws;
            ws.textMessageHandler(text -> onText(ws, text));
            ws.exceptionHandler(e -> LOG.debug("PBX {}: WebSocket error: {}", pbx.id(), e.getMessage()));
            ws.closeHandler(v -> onClosed(ws));
            handshake();
        });
    }

    private void handshake() {
        request(new JsonObject().put("action", "challenge").put("username", username).put("version", "1"))
                .compose(ch -> {
                    if (status(ch) != 0) {
                        return Future.succeededFuture(ch);
                    }
                    String nonce = ch.getString("challenge");
                    if (nonce == null) {
                        return Future.failedFuture("challenge answered without a challenge");
                    }
                    return request(new JsonObject().put("action", "login").put("username", username)
                            .put("token", UcmTokens.loginToken(nonce, password).reveal()));
                })
                .onComplete(ar -> {
                    if (!running) {
                        return;
                    }
                    if (ar.failed()) {
                        dropAndRetry("WebSocket login: " + ar.cause().getMessage());
                    } else if (status(ar.result()) != 0) {
                        onLoginRefused(ar.result());
                    } else {
                        subscribe();
                    }
                });
    }

    private void subscribe() {
        request(new JsonObject().put("action", "subscribe").put("eventnames", new JsonArray(events))).onComplete(ar -> {
            if (!running) {
                return;
            }
            if (ar.failed()) {
                dropAndRetry("subscribe: " + ar.cause().getMessage());
                return;
            }
            int status = status(ar.result());
            if (status != 0) {
                String reason = "WebSocket subscribe to " + events + " refused: " + UcmStatus.describe(status)
                        + (status == UcmStatus.SYSTEM_ERROR.code() ? "; one unknown name in ws_events fails the whole subscribe" : "");
                LOG.error("PBX {}: {}", pbx.id(), reason);
                listener.onProblem(PbxEventType.SESSION_DOWN, reason, null);
                dropAndRetry(reason);
                return;
            }
            connects++;
            backoff.reset();
            LOG.info("PBX {}: WebSocket subscribed to {}", pbx.id(), events);
            scheduleHeartbeat();
            resync();
        });
    }

    /** Fetches the current channels and accounts, hands them over, then the frames held meanwhile. */
    private void resync() {
        holding = true;
        Future<UcmResponse> bridged = api.call("listBridgedChannels", new JsonObject());
        Future<UcmResponse> unbridged = api.call("listUnBridgedChannels", new JsonObject());
        Future<UcmResponse> accounts = api.call("listAccount", new JsonObject().put("options", "extension,status"));
        Future.all(bridged, unbridged, accounts).onComplete(ar -> {
            if (!running) {
                return;
            }
            String failure = ar.failed() ? ar.cause().getMessage() : firstError(bridged.result(), unbridged.result(), accounts.result());
            if (failure == null) {
                listener.onResync(new UcmChannelSnapshot(array(bridged.result(), "channel"), array(unbridged.result(), "channel"),
                        array(accounts.result(), "account")), Instant.now());
            } else {
                LOG.warn("PBX {}: resync after WebSocket (re)connect failed: {}; retrying", pbx.id(), failure);
            }
            releaseHeld();
            if (failure != null && socket != null) {
                schedule(backoff.next(), this::resync);
            }
        });
    }

    private void releaseHeld() {
        holding = false;
        while (!held.isEmpty()) {
            listener.onNotifyFrame(held.pollFirst(), heldAt.pollFirst());
        }
    }

    private void onText(WebSocket ws, String text) {
        if (ws != socket) {
            return;
        }
        Instant now = Instant.now();
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            deliver(text, now); // the listener publishes it raw: nothing the PBX sends is lost
            return;
        }
        Object message = frame.getValue("message");
        if (message instanceof JsonObject m && m.getValue("transactionid") != null
                && pending.containsKey(m.getValue("transactionid").toString()) && !"notify".equals(m.getString("action"))) {
            pending.remove(m.getValue("transactionid").toString()).tryComplete(m);
            return;
        }
        if ("response".equals(frame.getString("type"))) {
            return; // a late answer to a request that timed out
        }
        deliver(text, now);
    }

    private void deliver(String text, Instant at) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!holding) {
            listener.onNotifyFrame(bytes, at);
        } else if (held.size() < holdLimit) {
            held.addLast(bytes);
            heldAt.addLast(at);
        } else {
            listener.onFramesDropped(1);
        }
    }

    private Future<JsonObject> request(JsonObject message) {
        WebSocket ws = socket;
        if (ws == null) {
            return Future.failedFuture("not connected");
        }
        String tx = pbx.id() + "-" + (++txCounter);
        message.put("transactionid", tx);
        Promise<JsonObject> answer = Promise.promise();
        pending.put(tx, answer);
        long timer = vertx.setTimer(requestTimeoutMs, id -> {
            Promise<JsonObject> p = pending.remove(tx);
            if (p != null) {
                p.tryFail("no answer to " + message.getString("action") + " within " + requestTimeoutMs + " ms");
            }
        });
        ws.writeTextMessage(new JsonObject().put("type", "request").put("message", message).encode())
                .onFailure(e -> {
                    Promise<JsonObject> p = pending.remove(tx);
                    if (p != null) {
                        p.tryFail("send failed: " + e.getMessage());
                    }
                });
        return answer.future().onComplete(x -> vertx.cancelTimer(timer));
    }

    private void onLoginRefused(JsonObject answer) {
        int status = status(answer);
        UcmStatus known = UcmStatus.fromCode(status).orElse(null);
        String reason = "WebSocket user login refused: " + UcmStatus.describe(status);
        if (known != null && known.locksOut()) {
            Integer remain = intValue(answer.getValue("remain_time"));
            Duration wait = remain != null && remain > 0 ? Duration.ofSeconds(remain) : lockoutWait;
            LOG.error("PBX {}: {}; one new attempt in {}s", pbx.id(), reason, wait.toSeconds());
            listener.onProblem(PbxEventType.LOCKED_OUT, reason, (int) wait.toSeconds());
            closeSocket();
            schedule(wait.plusSeconds(2), this::connect);
        } else if (known == UcmStatus.SYSTEM_TIMEOUT || known == UcmStatus.CONNECTION_CLOSED) {
            dropAndRetry(reason);
        } else {
            LOG.error("PBX {}: {}. Not retrying; fix ws_username/ws_password and restart.", pbx.id(), reason);
            listener.onProblem(PbxEventType.AUTH_FAILED, reason + "; not retrying to avoid the PBX's login blacklist", null);
            running = false;
            cancelTimers();
            closeSocket();
        }
    }

    private void onClosed(WebSocket ws) {
        if (ws != socket) {
            return;
        }
        socket = null;
        failPending("connection closed");
        if (running) {
            retryLater("WebSocket closed by the PBX or the network");
        }
    }

    private void dropAndRetry(String reason) {
        closeSocket();
        retryLater(reason);
    }

    private void closeSocket() {
        WebSocket ws = socket;
        socket = null;
        cancelHeartbeat();
        failPending("connection closed");
        if (ws != null) {
            ws.close();
        }
    }

    private void retryLater(String reason) {
        cancelHeartbeat();
        holding = true;
        Duration delay = backoff.next();
        LOG.warn("PBX {}: {}; reconnecting the WebSocket in {} ms", pbx.id(), reason, delay.toMillis());
        schedule(delay, this::connect);
    }

    private void scheduleHeartbeat() {
        cancelHeartbeat();
        heartbeatTimer = vertx.setTimer(Math.max(1, heartbeat.toMillis()), id -> {
            heartbeatTimer = -1;
            if (!running || socket == null) {
                return;
            }
            request(new JsonObject().put("action", "heartbeat")).onComplete(ar -> {
                if (!running) {
                    return;
                }
                if (ar.succeeded()) {
                    scheduleHeartbeat();
                } else {
                    dropAndRetry("heartbeat: " + ar.cause().getMessage());
                }
            });
        });
    }

    private void schedule(Duration delay, Runnable action) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            timerId = -1;
            if (running) {
                action.run();
            }
        });
    }

    private void cancelHeartbeat() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
    }

    private void cancelTimers() {
        cancelHeartbeat();
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    private void failPending(String reason) {
        List<Promise<JsonObject>> all = List.copyOf(pending.values());
        pending.clear();
        all.forEach(p -> p.tryFail(reason));
    }

    private static String firstError(UcmResponse... responses) {
        for (UcmResponse r : responses) {
            if (!r.success()) {
                return r.describeError();
            }
        }
        return null;
    }

    private static JsonArray array(UcmResponse response, String field) {
        Object v = response.response().getValue(field);
        return v instanceof JsonArray a ? a : new JsonArray();
    }

    private static int status(JsonObject message) {
        Integer s = intValue(message.getValue("status"));
        return s == null ? 0 : s;
    }

    private static Integer intValue(Object v) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v != null) {
            try {
                return Integer.parseInt(v.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
