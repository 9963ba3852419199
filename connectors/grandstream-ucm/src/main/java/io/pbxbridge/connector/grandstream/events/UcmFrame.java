package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.json.PlainJson;
import io.pbxbridge.schema.codec.DecodedUtf8;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One UCM message (WebSocket frame or pushed report), checked against the documented shapes before
 * anything is derived from it, so a bad one changes no state and goes whole to the dead-letter topic.
 *
 * <p>Every UCM API message and notification is a JSON object (seed 004; spec B.3). A notify frame is
 * {@code {"message":[{"action":"notify","eventname":…,"eventbody":[…]}]}} ({@code message} may be one
 * object, or the notify may stand alone). For the modelled events the {@code eventbody} must be an
 * object or a non-empty list of objects, each naming what it is about: an ActiveCallStatus item a
 * {@code channel} (a leg) or {@code channel1} and {@code channel2} (a bridge); an ExtensionStatus item
 * an {@code extension}; a TrunkStatus item its trunk. Other event names are kept whatever their body.
 */
public final class UcmFrame {
    public static final String ACTIVE_CALL_STATUS = "ActiveCallStatus";
    public static final String EXTENSION_STATUS = "ExtensionStatus";
    public static final String TRUNK_STATUS = "TrunkStatus";
    private static final Set<String> MODELLED = Set.of(ACTIVE_CALL_STATUS, EXTENSION_STATUS, TRUNK_STATUS);
    /** Deeper messages are read by Vert.x (whose parser has its own bound); no UCM message nests this far. */
    private static final int PLAIN_DEPTH = 64;

    private final byte[] bytes;
    private final String text;
    /** Null until asked for when {@link ActiveCallSpans} read the frame. */
    private JsonObject json;
    private final List<Notification> notifications;

    /**
     * A notify item of the message, checked.
     *
     * @param json  the notify object; null when {@link ActiveCallSpans} read it (an ActiveCallStatus notify,
     *              whose {@code calls} are all that is used of it)
     * @param calls an ActiveCallStatus notify's items as the tracker reads them (read once, while checking);
     *              empty for other events
     */
    record Notification(String eventName, JsonObject json, List<ActiveCallItem> calls) {
    }

    private UcmFrame(byte[] bytes, String text, JsonObject json, List<Notification> notifications) {
        this.bytes = bytes;
        this.text = text;
        this.json = json;
        this.notifications = notifications;
    }

    /**
     * Parses and checks a message; a malformed one is refused whole, with the reason. The usual
     * ActiveCallStatus frame is read from its spans ({@link ActiveCallSpans}), anything else into a model.
     */
    public static UcmFrame parse(byte[] bytes) throws MalformedReportException {
        String text = DecodedUtf8.decode(bytes); // every record's raw payload: its bytes are written as they came
        List<Notification> spans = ActiveCallSpans.read(bytes);
        if (spans != null) {
            return new UcmFrame(bytes, text, null, spans);
        }
        return parseModel(bytes, text);
    }

    /** {@link #parse} without the span reader: the model path (the reference the span reader is tested against). */
    static UcmFrame parseModel(byte[] bytes, String text) throws MalformedReportException {
        JsonObject json = object(bytes, text);
        List<Notification> notifications = new ArrayList<>(1);
        for (JsonObject item : messageItems(json)) {
            if (isNotify(item)) {
                notifications.add(checked(item));
            }
        }
        return new UcmFrame(bytes, text, json, notifications);
    }

    /** The message as a JSON object, or why it is not one. */
    public static JsonObject object(byte[] bytes) throws MalformedReportException {
        return object(bytes, new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * {@code bytes} (whose text is {@code text}) read in one pass when plain JSON ({@link PlainJson}),
     * else by Vert.x as before: the same JsonObject either way, and Vert.x's reason for a malformed one.
     */
    private static JsonObject object(byte[] bytes, String text) throws MalformedReportException {
        if (PlainJson.readObject(bytes, PlainFrameTree.INSTANCE, PLAIN_DEPTH) instanceof Map<?, ?> plain) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) plain;
            return new JsonObject(map);
        }
        return objectWithVertx(text);
    }

    /** The message read by Vert.x (the reference the plain path is tested against). */
    static JsonObject objectWithVertx(String text) throws MalformedReportException {
        Object value;
        try {
            value = Json.decodeValue(text);
        } catch (RuntimeException e) {
            throw new MalformedReportException("UCM message is not JSON: " + e.getMessage(), e);
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new MalformedReportException("UCM message is " + kind(value)
                + ", not a JSON object (every UCM API message and notification is a JSON object)");
    }

    /** The message as a JSON object (read on first use for a frame the span reader read). */
    public JsonObject json() {
        if (json == null) {
            try {
                json = object(bytes, text);
            } catch (MalformedReportException e) {
                throw new IllegalStateException("a frame the span reader read is not JSON: " + e.getMessage(), e);
            }
        }
        return json;
    }

    /** The message as text (UTF-8 decoded, as it was parsed). */
    public String text() {
        return text;
    }

    /** The notify items, in order; each passed {@link #checked}. */
    List<Notification> notifications() {
        return notifications;
    }

    /** Whether the message carries any notification (a UCM API answer carries none). */
    public boolean hasNotifications() {
        return !notifications.isEmpty();
    }

    public static String eventName(JsonObject notify) {
        return value(notify, "eventname").toString();
    }

    /** The checked items of a modelled event's body; for other events, the objects of the body. */
    public static List<JsonObject> items(JsonObject notify) {
        Object body = notify.getValue("eventbody");
        List<JsonObject> out = new ArrayList<>();
        if (body instanceof JsonObject one) {
            out.add(one);
        } else if (body instanceof JsonArray many) {
            for (Object o : many) {
                if (o instanceof JsonObject item) {
                    out.add(item);
                }
            }
        }
        return out;
    }

    /** The trunk a TrunkStatus item is about: its name, else its index. */
    public static String trunkOf(JsonObject item) {
        for (String field : List.of("trunk_name", "trunk", "name", "trunk_index")) {
            String value = UcmLeg.text(item, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static List<JsonObject> messageItems(JsonObject json) throws MalformedReportException {
        Object message = json.getValue("message");
        if (message == null) {
            return json.containsKey("eventname") ? List.of(json) : List.of();
        }
        if (message instanceof JsonObject one) {
            return List.of(one);
        }
        if (message instanceof JsonArray many) {
            List<JsonObject> out = new ArrayList<>();
            for (int i = 0; i < many.size(); i++) {
                if (!(many.getValue(i) instanceof JsonObject item)) {
                    throw new MalformedReportException("UCM message[" + i + "] is " + kind(many.getValue(i))
                            + ", not an object");
                }
                out.add(item);
            }
            return out;
        }
        return List.of();
    }

    private static boolean isNotify(JsonObject item) {
        Object action = value(item, "action");
        return (action == null || "notify".equalsIgnoreCase(action.toString())) && value(item, "eventname") != null;
    }

    private static Notification checked(JsonObject notify) throws MalformedReportException {
        String name = eventName(notify);
        if (!MODELLED.contains(name)) {
            return new Notification(name, notify, List.of());
        }
        Object body = notify.getValue("eventbody");
        List<JsonObject> items = new ArrayList<>();
        if (body instanceof JsonObject one) {
            items.add(one);
        } else if (body instanceof JsonArray many && !many.isEmpty()) {
            for (int i = 0; i < many.size(); i++) {
                if (!(many.getValue(i) instanceof JsonObject item)) {
                    throw new MalformedReportException(name + " notify: eventbody[" + i + "] is "
                            + kind(many.getValue(i)) + ", not an object");
                }
                items.add(item);
            }
        } else {
            throw new MalformedReportException(name + " notify: eventbody is "
                    + (body instanceof JsonArray ? "an empty list" : kind(body))
                    + "; expected an object or a non-empty list of objects");
        }
        List<ActiveCallItem> calls = name.equals(ACTIVE_CALL_STATUS) ? new ArrayList<>(items.size()) : List.of();
        for (int i = 0; i < items.size(); i++) {
            String missing;
            if (name.equals(ACTIVE_CALL_STATUS)) {
                ActiveCallItem call = ActiveCallItem.of(items.get(i).getMap());
                calls.add(call);
                missing = call.missing();
            } else {
                missing = missing(name, items.get(i));
            }
            if (missing != null) {
                throw new MalformedReportException(name + " notify: eventbody[" + i + "] " + missing);
            }
        }
        return new Notification(name, notify, calls);
    }

    private static String missing(String name, JsonObject item) {
        return switch (name) {
            case EXTENSION_STATUS -> UcmLeg.text(item, "extension") == null ? "names no extension" : null;
            case TRUNK_STATUS -> trunkOf(item) == null ? "names no trunk (trunk_name, trunk, name or trunk_index)" : null;
            default -> null;
        };
    }

    /**
     * {@code o.getValue(key)}: a string as it is (the envelope's fields are strings), anything else wrapped as
     * Vert.x wraps it (its checks, per field of every frame, cost more than reading the string).
     */
    private static Object value(JsonObject o, String key) {
        Object v = o.getMap().get(key);
        return v == null || v instanceof String ? v : o.getValue(key);
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof JsonArray) {
            return "a JSON array";
        }
        if (value instanceof String) {
            return "a JSON string";
        }
        if (value instanceof Number) {
            return "a JSON number";
        }
        if (value instanceof Boolean) {
            return "a JSON boolean";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
