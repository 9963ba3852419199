package io.pbxbridge.connector.grandstream.command;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a command becomes on a UCM: one {@code /api} action, or several run in order whose answers are
 * merged (ACTIVE_CALLS = listBridgedChannels + listUnBridgedChannels), and how the answer is handled.
 */
public record UcmRequest(List<ApiCall> calls, Handling handling) {

    /** One {@code /api} action and its parameters (without action and cookie). */
    public record ApiCall(String action, JsonObject params) {
    }

    public enum Handling {
        /** A JSON envelope; success is status 0. */
        PLAIN,
        /** A configuration change: {@code need_apply: "yes"} is followed by one coalesced applyChanges. */
        CONFIG_CHANGE,
        /** The answer may be a file or a CSV/XML report: summarized, inlined only when small. */
        DOWNLOAD
    }

    public UcmRequest {
        if (calls == null || calls.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one action");
        }
        calls = List.copyOf(calls);
    }

    public static UcmRequest of(String action, JsonObject params) {
        return new UcmRequest(List.of(new ApiCall(action, params)), Handling.PLAIN);
    }

    public static UcmRequest change(String action, JsonObject params) {
        return new UcmRequest(List.of(new ApiCall(action, params)), Handling.CONFIG_CHANGE);
    }

    public static UcmRequest download(String action, JsonObject params) {
        return new UcmRequest(List.of(new ApiCall(action, params)), Handling.DOWNLOAD);
    }

    /** The only (or first) action. */
    public String action() {
        return calls.get(0).action();
    }

    /** The only (or first) parameters. */
    public JsonObject params() {
        return calls.get(0).params();
    }
}
