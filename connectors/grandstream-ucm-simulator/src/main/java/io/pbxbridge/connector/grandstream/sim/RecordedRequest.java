package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One {@code /api} request as the simulator saw it. {@code params} is the {@code request} object with
 * every credential ({@code cookie}, {@code token}, passwords) replaced by {@value RequestRecorder#MASK}.
 * {@code status} is the API status answered, or null when the fault injector answered a bare HTTP
 * error ({@code httpStatus} then tells which).
 */
public record RecordedRequest(Instant time, String action, JsonObject params, Integer status, int httpStatus) {
    public RecordedRequest {
        params = params.copy();
    }

    /** A defensive copy: the recorder's own copy stays untouched. */
    @Override
    public JsonObject params() {
        return params.copy();
    }
}
