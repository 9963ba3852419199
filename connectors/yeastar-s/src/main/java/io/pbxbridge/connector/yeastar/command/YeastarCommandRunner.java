package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.yeastar.session.YeastarResponse;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Runs a mapped command against the PBX and turns the reply into a {@link CommandOutcome}:
 * invalid → INVALID, no endpoint → NOT_SUPPORTED, {@code "status":"Failed"} → PBX_ERROR with the errno
 * and its documented meaning, success → SUCCEEDED with the {@code callid} and the reply. A PBX that
 * did not answer → PBX_UNAVAILABLE. Composite requests run in order and stop at the first failure.
 */
public final class YeastarCommandRunner {

    /** Calls one endpoint with the session's token (the session renews an expired token itself). */
    @FunctionalInterface
    public interface ApiCaller {
        Future<YeastarResponse> call(String endpoint, JsonObject body);
    }

    private final YeastarCommandMapper mapper;
    private final ApiCaller api;

    public YeastarCommandRunner(YeastarCommandMapper mapper, ApiCaller api) {
        this.mapper = mapper;
        this.api = api;
    }

    public Future<CommandOutcome> execute(Command command) {
        YeastarRequest request;
        try {
            request = mapper.map(command);
        } catch (InvalidCommandException e) {
            return Future.succeededFuture(CommandOutcome.failed(CommandStatus.INVALID, null, e.getMessage()));
        } catch (UnsupportedCommandException e) {
            return Future.succeededFuture(CommandOutcome.failed(CommandStatus.NOT_SUPPORTED, null, e.getMessage()));
        }
        Future<CommandOutcome> outcome;
        try {
            outcome = run(request.calls(), 0, new JsonObject());
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        return outcome.recover(e -> Future.succeededFuture(CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE, null,
                request.endpoint() + ": PBX did not answer: " + e.getMessage())));
    }

    private Future<CommandOutcome> run(List<YeastarRequest.ApiCall> calls, int index, JsonObject merged) {
        YeastarRequest.ApiCall call = calls.get(index);
        return api.call(call.endpoint(), call.body()).compose(response -> {
            if (!response.success()) {
                return Future.succeededFuture(failure(call.endpoint(), response));
            }
            if (calls.size() == 1) {
                return Future.succeededFuture(CommandOutcome.succeeded(response.body().getString("callid"),
                        response.body().encode()));
            }
            // ACTIVE_CALLS: {"status":"Success","inbound":[...],"outbound":[...]}.
            response.body().forEach(e -> merged.put(e.getKey(), e.getValue()));
            if (index + 1 < calls.size()) {
                return run(calls, index + 1, merged);
            }
            return Future.succeededFuture(CommandOutcome.succeeded(null, merged.encode()));
        });
    }

    static CommandOutcome failure(String endpoint, YeastarResponse response) {
        return new CommandOutcome(CommandStatus.PBX_ERROR, response.errno(), endpoint + ": " + response.describeError(),
                null, response.body().encode());
    }
}
