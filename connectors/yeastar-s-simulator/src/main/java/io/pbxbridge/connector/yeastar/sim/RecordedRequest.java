package io.pbxbridge.connector.yeastar.sim;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;

/**
 * One API request the simulated PBX received. Secrets are masked before recording: the
 * {@code token} query parameter and the login {@code password} read {@value RequestRecorder#MASK}.
 *
 * @param endpoint   path below {@code /api/v<ver>/}, e.g. {@code extension/dial_extension}
 * @param body       the parsed JSON body (empty object when none); null when the body was not JSON
 * @param rawBody    the body text when it was not JSON, else null
 * @param errno      the errno answered, null for Success or when no JSON answer was given
 * @param httpStatus HTTP status answered (always 200 unless a fault was injected; 0 = connection dropped)
 */
public record RecordedRequest(Instant time, String method, String path, String endpoint,
                              Map<String, String> query, JsonObject body, String rawBody,
                              String sourceIp, String errno, int httpStatus) {

    public boolean succeeded() {
        return httpStatus == 200 && errno == null;
    }

    /** A body field as text, or null. */
    public String field(String name) {
        Object v = body == null ? null : body.getValue(name);
        return v == null ? null : String.valueOf(v);
    }
}
