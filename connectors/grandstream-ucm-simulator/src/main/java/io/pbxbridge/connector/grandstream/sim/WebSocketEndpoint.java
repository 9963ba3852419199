package io.pbxbridge.connector.grandstream.sim;

import io.pbxbridge.connector.spi.Secret;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * {@code /websockify} (spec B.3). Client frames {@code {"type":"request","message":{"action":…,
 * "transactionid":…}}}: {@code challenge} (web user), {@code login} (md5(challenge+password)),
 * {@code subscribe} ({@code eventnames}; one unknown name fails the whole subscribe with -9),
 * {@code unsubscribe}, {@code heartbeat}, {@code logout}. Answers {@code {"type":"response","message":{…,
 * "status":0}}}. Only the web user logs in here (the API user gets -71 as an unknown name); any other action,
 * such as an HTTPS-API query, answers -19. Notifications are {@code {"message":[{"action":"notify",
 * "eventname":…,"eventbody":[…],"transactionid":…}]}} (or a single object when so configured).
 */
final class WebSocketEndpoint {
    private final UcmSimulatorOptions options;
    private final EventHub events;
    private final Set<Session> sessions = new CopyOnWriteArraySet<>();
    private final java.util.concurrent.atomic.AtomicLong notifyFrames = new java.util.concurrent.atomic.AtomicLong();
    private final SecureRandom random = new SecureRandom();

    WebSocketEndpoint(UcmSimulatorOptions options, EventHub events) {
        this.options = options;
        this.events = events;
    }

    void accept(ServerWebSocket ws) {
        Session s = new Session(ws);
        sessions.add(s);
        events.add(s);
        ws.textMessageHandler(s::onText);
        ws.closeHandler(v -> forget(s));
        ws.exceptionHandler(e -> forget(s));
    }

    /** Notify frames written to subscribed WebSockets so far. */
    long notifyFrames() {
        return notifyFrames.get();
    }

    int sessionCount() {
        return sessions.size();
    }

    /** Sessions logged in with at least one subscription: those notifications reach. */
    int subscribedCount() {
        return (int) sessions.stream().filter(Session::listening).count();
    }

    /** Sends one message exactly as given to every subscribed session (a capture's replay). */
    void sendToSubscribed(String text) {
        for (Session s : sessions) {
            if (s.listening()) {
                s.ws.writeTextMessage(text);
            }
        }
    }

    /** Closes every WebSocket (dropped connection / reboot). */
    Future<Void> dropAll() {
        List<Future<Void>> closes = new ArrayList<>();
        for (Session s : sessions) {
            forget(s);
            closes.add(s.ws.close((short) 1001, "going away").recover(e -> Future.succeededFuture()));
        }
        return Future.join(closes).mapEmpty();
    }

    private void forget(Session s) {
        sessions.remove(s);
        events.remove(s);
    }

    private final class Session implements EventHub.Listener {
        final ServerWebSocket ws;
        String challenge;
        boolean loggedIn;
        Object subscribeTransaction;
        final Set<String> subscribed = new LinkedHashSet<>();

        Session(ServerWebSocket ws) {
            this.ws = ws;
        }

        boolean listening() {
            return loggedIn && !subscribed.isEmpty() && !ws.isClosed();
        }

        void onText(String text) {
            JsonObject message;
            try {
                JsonObject frame = new JsonObject(text);
                message = frame.getJsonObject("message");
                if (!"request".equals(frame.getString("type")) || message == null) {
                    respond(new JsonObject(), UcmStatus.INVALID_PARAMETERS);
                    return;
                }
            } catch (DecodeException | ClassCastException e) {
                respond(new JsonObject(), UcmStatus.INVALID_PARAMETERS);
                return;
            }
            JsonObject answer = new JsonObject().put("action", message.getValue("action"));
            if (message.containsKey("transactionid")) {
                answer.put("transactionid", message.getValue("transactionid"));
            }
            String action = String.valueOf(message.getValue("action", ""));
            switch (action) {
                case "challenge" -> {
                    if (!options.webUser().equals(message.getString("username"))) {
                        respond(answer, UcmStatus.NO_SUCH_USER);
                        return;
                    }
                    challenge = String.format("%016d", Math.floorMod(random.nextLong(), 10_000_000_000_000_000L));
                    respond(answer.put("challenge", challenge), UcmStatus.SUCCESS);
                }
                case "login" -> {
                    String token = message.getString("token");
                    boolean ok = challenge != null && options.webUser().equals(message.getString("username"))
                            && token != null
                            && Secret.of(Md5.token(challenge, options.webPassword().reveal())).matches(token.toLowerCase(java.util.Locale.ROOT));
                    challenge = null;   // single use, right or wrong
                    loggedIn = ok;
                    respond(answer, ok ? UcmStatus.SUCCESS : UcmStatus.WRONG_ACCOUNT_OR_PASSWORD);
                }
                case "subscribe" -> {
                    if (!loggedIn) {
                        respond(answer, UcmStatus.NEED_AUTHENTICATION);
                        return;
                    }
                    List<String> names = eventNames(message.getValue("eventnames"));
                    if (names.isEmpty() || !EventHub.SUBSCRIBABLE.containsAll(names)) {
                        respond(answer, UcmStatus.SYSTEM_ERROR);   // all or nothing, B.3
                        return;
                    }
                    subscribed.addAll(names);
                    subscribeTransaction = message.getValue("transactionid");
                    respond(answer, UcmStatus.SUCCESS);
                }
                case "unsubscribe" -> {
                    if (!loggedIn) {
                        respond(answer, UcmStatus.NEED_AUTHENTICATION);
                        return;
                    }
                    eventNames(message.getValue("eventnames")).forEach(subscribed::remove);
                    respond(answer, UcmStatus.SUCCESS);
                }
                case "heartbeat" -> respond(answer, loggedIn ? UcmStatus.SUCCESS : UcmStatus.NEED_AUTHENTICATION);
                case "logout" -> {
                    loggedIn = false;
                    subscribed.clear();
                    respond(answer, UcmStatus.SUCCESS);
                }
                default -> respond(answer, UcmStatus.UNSUPPORTED);
            }
        }

        @Override
        public void onEvent(String eventName, JsonArray eventBody) {
            if (!loggedIn || !subscribed.contains(eventName) || ws.isClosed()) {
                return;
            }
            JsonObject notify = new JsonObject().put("action", "notify").put("eventname", eventName)
                    .put("eventbody", eventBody.copy());
            if (subscribeTransaction != null) {
                notify.put("transactionid", subscribeTransaction);
            }
            Object message = options.notifyAsSingleObject() ? notify : new JsonArray().add(notify);
            ws.writeTextMessage(new JsonObject().put("message", message).encode());
            notifyFrames.incrementAndGet();
        }

        private void respond(JsonObject message, UcmStatus status) {
            if (!ws.isClosed()) {
                ws.writeTextMessage(new JsonObject().put("type", "response")
                        .put("message", message.put("status", status.code())).encode());
            }
        }

        private List<String> eventNames(Object value) {
            List<String> names = new ArrayList<>();
            if (value instanceof JsonArray a) {
                a.forEach(n -> names.add(String.valueOf(n)));
            } else if (value instanceof String s) {
                for (String n : s.split(",")) {
                    if (!n.isBlank()) {
                        names.add(n.trim());
                    }
                }
            }
            return names;
        }
    }
}
