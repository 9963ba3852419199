package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.pbxbridge.connector.grandstream.api.UcmApi;
import io.pbxbridge.connector.grandstream.api.UcmRawReply;
import io.pbxbridge.connector.grandstream.api.UcmResponse;
import io.pbxbridge.connector.grandstream.api.UcmStatus;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Runs a mapped command through the session and turns the answer into a {@link CommandOutcome}:
 * invalid → INVALID, no action → NOT_SUPPORTED, a non-zero status → PBX_ERROR with the code and its
 * {@link UcmStatus} meaning, success → SUCCEEDED with the answer, no answer → PBX_UNAVAILABLE.
 * A configuration change answered {@code need_apply: "yes"} completes only after its (coalesced)
 * applyChanges, and reports that apply's outcome. Runs on the session's context.
 */
public final class UcmCommandRunner {
    private final UcmCommandMapper mapper;
    private final UcmApi api;
    private final UcmCallTracker tracker;
    private Future<UcmResponse> lastSave = Future.succeededFuture();
    private final ApplyCoalescer apply;
    private final DownloadSummarizer downloads;
    private final UcmCommandOptions options;

    public UcmCommandRunner(Vertx vertx, UcmApi api, UcmCommandOptions options, String pbxId) {
        this(vertx, api, options, pbxId, new UcmCallTracker());
    }

    public UcmCommandRunner(Vertx vertx, UcmApi api, UcmCommandOptions options, String pbxId, UcmCallTracker tracker) {
        this.api = api;
        this.tracker = tracker;
        this.options = options;
        this.mapper = new UcmCommandMapper(tracker);
        this.apply = new ApplyCoalescer(vertx, () -> api.call("applyChanges", new JsonObject()), options);
        this.downloads = new DownloadSummarizer(vertx, options, pbxId);
    }

    /** Feeds the call tracker with records published for this PBX. */
    public void observe(List<NormalizedRecord> records) {
        tracker.observe(records);
    }

    public UcmCallTracker tracker() {
        return tracker;
    }

    public Future<CommandOutcome> execute(Command command) {
        UcmRequest request;
        try {
            request = mapper.map(command);
        } catch (InvalidCommandException e) {
            return Future.succeededFuture(CommandOutcome.failed(CommandStatus.INVALID, null, e.getMessage()));
        } catch (UnsupportedCommandException e) {
            return Future.succeededFuture(CommandOutcome.failed(CommandStatus.NOT_SUPPORTED, null, e.getMessage()));
        }
        Future<CommandOutcome> outcome;
        try {
            outcome = switch (request.handling()) {
                case PLAIN -> plain(request);
                case CONFIG_CHANGE -> change(request);
                case DOWNLOAD -> download(request);
            };
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        return outcome.recover(e -> Future.succeededFuture(CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE, null,
                request.action() + ": PBX did not answer: " + e.getMessage())));
    }

    private Future<CommandOutcome> plain(UcmRequest request) {
        if (request.calls().size() == 1) {
            return api.call(request.action(), request.params()).map(r -> r.success()
                    ? CommandOutcome.succeeded(callIdOf(r), r.body().encode()) : failure(request.action(), r));
        }
        return runAll(request.calls(), 0, new JsonObject());
    }

    /** ACTIVE_CALLS: {"status":0,"response":{"listBridgedChannels":{…},"listUnBridgedChannels":{…}}}. */
    private Future<CommandOutcome> runAll(List<UcmRequest.ApiCall> calls, int index, JsonObject merged) {
        UcmRequest.ApiCall call = calls.get(index);
        return api.call(call.action(), call.params()).compose(r -> {
            if (!r.success()) {
                return Future.succeededFuture(failure(call.action(), r));
            }
            merged.put(call.action(), r.response());
            if (index + 1 < calls.size()) {
                return runAll(calls, index + 1, merged);
            }
            return Future.succeededFuture(CommandOutcome.succeeded(null,
                    new JsonObject().put("status", 0).put("response", merged).encode()));
        });
    }

    private Future<CommandOutcome> change(UcmRequest request) {
        // Overlapping configuration commands (they share one apply) still reach the PBX in order.
        Future<UcmResponse> saved = lastSave.transform(ignored -> api.call(request.action(), request.params()));
        lastSave = saved;
        return saved.compose(r -> {
            if (!r.success()) {
                return Future.succeededFuture(failure(request.action(), r));
            }
            if (!"yes".equalsIgnoreCase(String.valueOf(r.response().getValue("need_apply")))) {
                return Future.succeededFuture(CommandOutcome.succeeded(null, r.body().encode()));
            }
            return apply.request().map(a -> applied(request.action(), r, a));
        });
    }

    private static CommandOutcome applied(String action, UcmResponse change, ApplyCoalescer.Outcome a) {
        JsonObject body = change.body().copy().put("apply_changes", new JsonObject()
                .put("status", a.status()).put("attempts", a.attempts()).put("batch_changes", a.changes()));
        if (a.applied()) {
            return CommandOutcome.succeeded(null, body.encode());
        }
        if (a.unreachable()) {
            return new CommandOutcome(CommandStatus.PBX_UNAVAILABLE, null, action + " saved on the PBX, but " + a.reason()
                    + "; the change takes effect with the next successful applyChanges", null, body.encode());
        }
        return new CommandOutcome(CommandStatus.PBX_ERROR, Integer.toString(a.status()), action
                + " saved on the PBX but not applied: " + a.reason()
                + "; it takes effect with the next successful applyChanges", null, body.encode());
    }

    private Future<CommandOutcome> download(UcmRequest request) {
        return api.callRaw(request.action(), request.params()).compose(raw -> {
            var envelope = raw.envelope();
            if (envelope.isPresent()) {
                UcmResponse r = envelope.get();
                if (!r.success()) {
                    return Future.succeededFuture(failure(request.action(), r));
                }
                if (raw.size() <= options.responseInlineMax()) {
                    return Future.succeededFuture(CommandOutcome.succeeded(null, r.body().encode()));
                }
            }
            return downloads.summarize(request.action(), request.params(), withType(raw))
                    .map(json -> CommandOutcome.succeeded(null, json.encode()));
        });
    }

    private static UcmRawReply withType(UcmRawReply raw) {
        return raw.contentType() != null ? raw : new UcmRawReply("application/octet-stream", raw.fileName(), raw.body());
    }

    /** Not documented for the dial actions; taken when a firmware returns one. */
    private static String callIdOf(UcmResponse r) {
        Object id = r.response().getValue("linkedid");
        return id == null ? null : String.valueOf(id);
    }

    static CommandOutcome failure(String action, UcmResponse r) {
        Integer retry = r.error().map(UcmStatus::retryAfterSeconds).orElse(null);
        String reason = action + ": " + r.describeError() + (retry == null ? "" : "; retry after " + retry + " s");
        return new CommandOutcome(CommandStatus.PBX_ERROR, Integer.toString(r.status()), reason, null, r.body().encode());
    }
}
