package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What an action answers on success: normally {@code {"response":…,"status":0}}; a few legacy
 * sub-APIs (cdrapi, queueapi) answer their own body instead, as seed 004 shows.
 */
record ApiReply(Object response, Buffer rawBody, String contentType, String attachmentName) {
    static ApiReply of(JsonObject response) {
        return new ApiReply(response, null, null, null);
    }

    static ApiReply of(JsonArray response) {
        return new ApiReply(response, null, null, null);
    }

    static ApiReply needApply(boolean yes) {
        return of(new JsonObject().put("need_apply", yes ? "yes" : "no"));
    }

    static ApiReply empty() {
        return of(new JsonObject());
    }

    static ApiReply raw(String body, String contentType) {
        return new ApiReply(null, Buffer.buffer(body), contentType, null);
    }

    /** A file download ({@code recapi}). */
    static ApiReply file(Buffer bytes, String contentType, String fileName) {
        return new ApiReply(null, bytes, contentType, fileName);
    }
}
