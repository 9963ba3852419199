package io.pbxbridge.connector.spi.capture;

/**
 * The kinds of capture lines every connector shares. A connector may record kinds of its own, named
 * {@code <vendor>.<what>} (the Grandstream session records {@code ucm.resync} and {@code ucm.cdr-poll}).
 */
public final class CaptureKinds {
    /** A body POSTed to the bridge's report ingress for the PBX (Yeastar reports, UCM login-{@code url} pushes). */
    public static final String REPORT = "report";
    /** A WebSocket message handed to the session's event pipeline, in the order the pipeline got them. */
    public static final String WS = "ws";
    /** An answer of the PBX's API to the session; {@code detail} names the endpoint or action. */
    public static final String API = "api";
    /**
     * A session with the PBX began; the body is {@code {"stream_id": "..."}}, the id that names the session's
     * stream of events in event ids (a Grandstream WebSocket's). A capture may hold several sessions.
     */
    public static final String SESSION = "session";
    /** Written by the recorder: lines were dropped here because its queue was full ({@code count}). */
    public static final String DROPPED = "dropped";
    /** Written by the recorder: recording stopped ({@code reason}, e.g. the size limit). */
    public static final String END = "end";

    private CaptureKinds() {
    }

    /** The body of a {@link #SESSION} line. */
    public static byte[] sessionBody(String streamId) {
        return new io.vertx.core.json.JsonObject().put("stream_id", streamId).encode()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The stream id of a {@link #SESSION} line's body, or null. */
    public static String streamIdOf(byte[] sessionBody) {
        try {
            return new io.vertx.core.json.JsonObject(new String(sessionBody, java.nio.charset.StandardCharsets.UTF_8))
                    .getString("stream_id");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
