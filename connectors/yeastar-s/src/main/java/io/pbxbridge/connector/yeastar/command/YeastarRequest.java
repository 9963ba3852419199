package io.pbxbridge.connector.yeastar.command;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a command becomes on a Yeastar PBX: one API call, or several run in order whose answers are
 * merged (ACTIVE_CALLS on v1 needs both {@code inbound/query} and {@code outbound/query}).
 */
public record YeastarRequest(List<ApiCall> calls) {

    /** An endpoint relative to {@code /api/v{ver}/} and its JSON body. */
    public record ApiCall(String endpoint, JsonObject body) {
    }

    public YeastarRequest {
        if (calls == null || calls.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one API call");
        }
        calls = List.copyOf(calls);
    }

    public static YeastarRequest of(String endpoint, JsonObject body) {
        return new YeastarRequest(List.of(new ApiCall(endpoint, body)));
    }

    public boolean composite() {
        return calls.size() > 1;
    }

    /** The only (or first) endpoint. */
    public String endpoint() {
        return calls.get(0).endpoint();
    }

    /** The only (or first) body. */
    public JsonObject body() {
        return calls.get(0).body();
    }
}
