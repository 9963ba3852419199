package io.pbxbridge.bridge.command;

import io.pbxbridge.connector.spi.Backoff;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.codec.TrustedContractClasses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one decoded command into exactly one result: validate, resolve the PBX, answer a repeated
 * command id from the recorded result, refuse a command past its deadline ({@link CommandDeadlines}:
 * {@code expires_at}, else issue time + a default per action), else run it in the PBX's lane through its
 * session, retrying while the PBX is unavailable (until {@code expires_at}, or at most
 * {@code unavailableMaxWait} after receipt) and giving up on a call that takes longer than
 * {@code commandTimeout}. Every PBX call starts only once this instance has confirmed it still owns the PBX
 * ({@link CommandRouting#confirm}), so a process that was paused while its partitions moved does not run
 * the commands it still held.
 *
 * <p>The repeat check comes before the expiry check on purpose: a command redelivered after a crash
 * that already ran must be answered with what happened, not "expired".
 *
 * <p>A returned future fails (and no result must be published) only when the PBX is no longer owned
 * here or the bridge is stopping: the command stays uncommitted and its next owner handles it.
 * Everything runs on the context given; futures from sessions are brought back to it.
 */
public final class CommandProcessor {
    static {
        // Replays and copies use Avro builders on the generated classes: trust them in Avro 1.12.
        TrustedContractClasses.install();
    }

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);
    /**
     * No PBX call starts later than this before {@code expires_at}: a call started in the last
     * milliseconds would reach the PBX after expiry (and expires_at has millisecond precision).
     */
    static final Duration EXPIRY_MARGIN = Duration.ofMillis(10);

    private final Vertx vertx;
    private final Context context;
    private final CommandSettings settings;
    private final PartitionOwnership ownership;
    private final CommandValidator validator;
    private final CommandResultCache cache;
    private final CommandResults results;
    private final CommandMetrics metrics;
    private final CommandRouting routing;
    private final CommandLanes lanes;
    private final Clock clock;
    private final Map<String, Future<CommandResult>> inFlight = new HashMap<>();
    private volatile boolean stopping;

    public CommandProcessor(Vertx vertx, Context context, CommandSettings settings, PartitionOwnership ownership,
                            CommandLanes lanes, CommandResultCache cache, CommandResults results,
                            CommandMetrics metrics, CommandRouting routing, Clock clock) {
        this.vertx = vertx;
        this.context = context;
        this.settings = settings;
        this.ownership = ownership;
        this.lanes = lanes;
        this.validator = new CommandValidator();
        this.cache = cache;
        this.results = results;
        this.metrics = metrics;
        this.routing = routing;
        this.clock = clock;
    }

    /**
     * @param command   the decoded command
     * @param recordKey the Kafka key it arrived with (must be its pbx_id, so it reached the PBX's owner)
     * @param times     when it was issued (start of {@code latency_ms} and of its default deadline) and received
     */
    public Future<CommandResult> process(Command command, String recordKey, CommandTimes times) {
        List<String> problems = validator.validate(command);
        String commandId = command.getCommandId();
        String pbxId = command.getPbxId();
        if (!problems.isEmpty()) {
            return done(results.rejected(commandId, pbxId, CommandStatus.INVALID,
                    "invalid command: " + String.join("; ", problems), times));
        }
        if (!ownership.isConfigured(pbxId)) {
            return done(results.rejected(commandId, pbxId, CommandStatus.UNKNOWN_PBX,
                    "PBX '" + CommandValidator.safe(pbxId) + "' is not configured on this bridge", times));
        }
        if (!pbxId.equals(recordKey)) {
            return done(results.rejected(commandId, pbxId, CommandStatus.INVALID,
                    "record key '" + CommandValidator.safe(recordKey) + "' must equal pbx_id '" + pbxId
                            + "' so the command reaches the instance that owns the PBX", times));
        }
        // Loading recorded results (after an ownership change) must finish before the repeat check.
        return routing.ready(pbxId).transform(ignored -> afterReady(command, times));
    }

    private Future<CommandResult> afterReady(Command command, CommandTimes times) {
        String key = command.getPbxId() + "/" + command.getCommandId();
        var recorded = cache.get(command.getPbxId(), command.getCommandId());
        if (recorded.isPresent()) {
            return done(results.replay(recorded.get()));
        }
        Future<CommandResult> running = inFlight.get(key);
        if (running != null) {
            // Same id while the first is still running: answer with its result once it is known.
            return running.map(results::replay);
        }
        if (expired(command, times)) {
            return record(results.rejected(command.getCommandId(), command.getPbxId(), CommandStatus.EXPIRED,
                    "not executed: past its " + settings.deadlines().describe(command, times) + " when it arrived", times));
        }
        Future<CommandResult> result = lanes.submit(command.getPbxId(), () -> execute(command, times),
                        command.getAction() == io.pbxbridge.schema.CommandAction.CONFIGURE)
                .andThen(ar -> inFlight.remove(key));
        inFlight.put(key, result);
        return result;
    }

    /** Stops retrying: commands still waiting for an unavailable PBX are left to the next owner. */
    public void stopping() {
        stopping = true;
    }

    private Future<CommandResult> execute(Command command, CommandTimes times) {
        String pbxId = command.getPbxId();
        // It may have expired while it waited in the lane.
        if (expired(command, times)) {
            return record(results.rejected(command.getCommandId(), pbxId, CommandStatus.EXPIRED,
                    "not executed: past its " + settings.deadlines().describe(command, times)
                            + " while waiting behind earlier commands", times));
        }
        Instant expiry = settings.deadlines().of(command, times).minus(EXPIRY_MARGIN);
        Instant retryUntil = command.getExpiresAt() != null ? expiry
                : earliest(expiry, times.received().plus(settings.unavailableMaxWait()));
        Backoff backoff = new Backoff(settings.retryBase(), settings.retryMax());
        return attempt(command, times, expiry, retryUntil, backoff, null).compose(outcome -> {
            CommandResult result = results.of(command.getCommandId(), pbxId, outcome, times);
            // Not completed_at: the record keeps whole milliseconds, so a command answered within the millisecond
            // it arrived in read as negative and the timer dropped it.
            metrics.latency(pbxId, Duration.between(times.received(), clock.instant()));
            return record(result);
        });
    }

    /**
     * @param expiry     no PBX call starts at or after this
     * @param deadline   no retry starts at or after this (while the PBX is unavailable)
     */
    private Future<CommandOutcome> attempt(Command command, CommandTimes times, Instant expiry, Instant deadline,
                                           Backoff backoff, CommandOutcome previous) {
        String pbxId = command.getPbxId();
        if (stopping || !routing.owns(pbxId)) {
            return Future.failedFuture(new CommandRouting.NotOwnedException(pbxId));
        }
        return here(routing.session(pbxId)).transform(ar -> {
                    if (ar.succeeded()) {
                        if (previous != null && !clock.instant().isBefore(deadline)) {
                            return Future.succeededFuture(previous); // too late for another call
                        }
                        PbxSession session = ar.result();
                        return confirmed(pbxId, expiry).compose(confirmed -> confirmed ? call(session, command)
                                : Future.succeededFuture(CommandOutcome.failed(CommandStatus.EXPIRED, null,
                                "not executed: this instance could not confirm that it still owns PBX " + pbxId
                                        + " (Kafka unreachable?) before its " + settings.deadlines().describe(command, times))));
                    }
                    if (ar.cause() instanceof CommandRouting.NotOwnedException) {
                        return Future.<CommandOutcome>failedFuture(ar.cause());
                    }
                    return Future.succeededFuture(CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE, null,
                            "session of PBX " + pbxId + " is not running: " + ar.cause().getMessage()));
                })
                .compose(outcome -> {
                    if (outcome.status() != CommandStatus.PBX_UNAVAILABLE) {
                        return Future.succeededFuture(outcome);
                    }
                    Instant now = clock.instant();
                    if (!now.isBefore(deadline)) {
                        return Future.succeededFuture(CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE,
                                outcome.vendorErrorCode(), "PBX unavailable until " + deadline + " ("
                                        + (backoff.attempts() + 1) + " attempts): " + reasonOf(outcome)));
                    }
                    Duration delay = backoff.next();
                    Duration left = Duration.between(now, deadline);
                    if (delay.compareTo(left) > 0) {
                        delay = left;
                    }
                    metrics.retried(pbxId);
                    LOG.debug("PBX {} unavailable for command {}; retrying in {} ms", pbxId, command.getCommandId(),
                            delay.toMillis());
                    return timer(delay).compose(v -> {
                        if (!clock.instant().isBefore(deadline)) {
                            return Future.succeededFuture(CommandOutcome.failed(CommandStatus.PBX_UNAVAILABLE,
                                    outcome.vendorErrorCode(), "PBX unavailable until " + deadline + " ("
                                            + backoff.attempts() + " attempts): " + reasonOf(outcome)));
                        }
                        return attempt(command, times, expiry, deadline, backoff, outcome);
                    });
                });
    }

    /** One PBX call, bounded by the command timeout. A late answer is ignored (the result is out already). */
    private Future<CommandOutcome> call(PbxSession session, Command command) {
        Promise<CommandOutcome> promise = Promise.promise();
        long timeoutMs = settings.commandTimeout().toMillis();
        long timer = vertx.setTimer(timeoutMs, id -> promise.tryComplete(CommandOutcome.failed(
                CommandStatus.TIMED_OUT, null, "PBX did not answer within " + timeoutMs + " ms")));
        Future<CommandOutcome> call;
        try {
            call = Objects.requireNonNull(session.execute(command), "session returned no future");
        } catch (RuntimeException e) {
            call = Future.failedFuture(e);
        }
        here(call).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded() && ar.result() != null) {
                promise.tryComplete(ar.result());
            } else {
                // The SPI says execute never fails; if a connector breaks that, report it instead of hanging.
                String why = ar.failed() ? ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage()
                        : "no outcome";
                promise.tryComplete(CommandOutcome.failed(CommandStatus.PBX_ERROR, null, "connector failed: " + why));
            }
        });
        return promise.future();
    }

    private Future<CommandResult> record(CommandResult result) {
        cache.put(result);
        return Future.succeededFuture(result);
    }

    private static Future<CommandResult> done(CommandResult result) {
        return Future.succeededFuture(result);
    }

    private boolean expired(Command command, CommandTimes times) {
        return !clock.instant().isBefore(settings.deadlines().of(command, times).minus(EXPIRY_MARGIN));
    }

    /**
     * True once ownership of the PBX is confirmed, false when {@code expiry} comes first; fails with
     * {@link CommandRouting.NotOwnedException} when the PBX turned out to have moved away.
     */
    private Future<Boolean> confirmed(String pbxId, Instant expiry) {
        Future<Boolean> confirm = routing.confirm(pbxId);
        Promise<Boolean> p = Promise.promise();
        long wait = Duration.between(clock.instant(), expiry).toMillis();
        long timer = confirm.isComplete() ? -1 : vertx.setTimer(Math.max(1, wait), id -> p.tryComplete(false));
        here(confirm).onComplete(ar -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (ar.succeeded() && ar.result()) {
                p.tryComplete(true);
            } else {
                p.tryFail(new CommandRouting.NotOwnedException(pbxId));
            }
        });
        return p.future();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Future<Void> timer(Duration delay) {
        Promise<Void> p = Promise.promise();
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> p.complete());
        return p.future();
    }

    /** Completes on this processor's context, whatever context {@code f} completes on. */
    private <T> Future<T> here(Future<T> f) {
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> context.runOnContext(v -> p.handle(ar)));
        return p.future();
    }

    private static String reasonOf(CommandOutcome o) {
        return o.reason() == null ? "no reason given" : o.reason();
    }
}
