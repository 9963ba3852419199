package io.pbxbridge.connector.grandstream.ws;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/** What the API listed after a (re)connect: the state a resync reconciles against. */
public record UcmChannelSnapshot(JsonArray bridged, JsonArray unbridged, JsonArray accounts) {

    /** The snapshot as JSON: the raw payload (and event-id source) of records a resync derives. */
    public byte[] toBytes() {
        return new JsonObject()
                .put("listBridgedChannels", bridged)
                .put("listUnBridgedChannels", unbridged)
                .put("listAccount", accounts)
                .encode().getBytes(StandardCharsets.UTF_8);
    }

    /** The snapshot {@link #toBytes()} wrote (a capture's {@code ucm.resync} line). */
    public static UcmChannelSnapshot fromBytes(byte[] bytes) {
        JsonObject o = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        return new UcmChannelSnapshot(array(o, "listBridgedChannels"), array(o, "listUnBridgedChannels"),
                array(o, "listAccount"));
    }

    private static JsonArray array(JsonObject o, String field) {
        Object v = o.getValue(field);
        return v instanceof JsonArray a ? a : new JsonArray();
    }
}
