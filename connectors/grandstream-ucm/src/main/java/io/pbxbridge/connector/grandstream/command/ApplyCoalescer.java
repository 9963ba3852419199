package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.grandstream.api.UcmResponse;
import io.pbxbridge.connector.grandstream.api.UcmStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One {@code applyChanges} for a burst of configuration changes. Applying reloads the PBX's dial plan
 * and is refused when repeated too often (-45/-46/-57), so changes answered within {@code apply_delay}
 * of the first one join one batch; every change of the batch completes with the batch's outcome.
 * Batches never overlap: a batch waits for the previous apply to finish.
 *
 * <p>Refusals that mean "later": -45/-46 (15 s), -57 (60 s) per {@link UcmStatus#retryAfterSeconds()},
 * -69 (conference) and -98 (digital calls) after {@code apply_busy_wait}; at most
 * {@code apply_max_attempts} attempts. Must be used from one Vert.x context (the session's).
 */
public final class ApplyCoalescer {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyCoalescer.class);

    /**
     * @param status   the last applyChanges status (0 = applied), null when the PBX did not answer
     * @param attempts applyChanges requests sent for this batch
     * @param changes  configuration changes the batch applied
     * @param reason   why it was not applied, or null
     */
    public record Outcome(Integer status, int attempts, int changes, String reason) {
        public boolean applied() {
            return status != null && status == 0;
        }

        public boolean unreachable() {
            return status == null;
        }
    }

    private final Vertx vertx;
    private final Supplier<Future<UcmResponse>> applyChanges;
    private final UcmCommandOptions options;
    private Promise<Outcome> pending;
    private int pendingChanges;
    private Future<Outcome> previous = Future.succeededFuture();

    public ApplyCoalescer(Vertx vertx, Supplier<Future<UcmResponse>> applyChanges, UcmCommandOptions options) {
        this.vertx = vertx;
        this.applyChanges = applyChanges;
        this.options = options;
    }

    /** Joins the open batch (or opens one) and completes when that batch's applyChanges is settled. */
    public Future<Outcome> request() {
        if (pending == null) {
            Promise<Outcome> batch = Promise.promise();
            pending = batch;
            pendingChanges = 0;
            vertx.setTimer(Math.max(1, options.applyDelay().toMillis()), id -> fire(batch));
        }
        pendingChanges++;
        return pending.future();
    }

    private void fire(Promise<Outcome> batch) {
        int changes = pendingChanges;
        pending = null;
        Future<Outcome> run = previous.transform(ignored -> attempt(1, changes));
        previous = run;
        run.onComplete(batch);
    }

    private Future<Outcome> attempt(int attempt, int changes) {
        Future<UcmResponse> call;
        try {
            call = applyChanges.get();
        } catch (RuntimeException e) {
            call = Future.failedFuture(e);
        }
        return call.transform(ar -> {
            if (ar.failed()) {
                return Future.succeededFuture(new Outcome(null, attempt, changes,
                        "applyChanges got no answer: " + ar.cause().getMessage()));
            }
            UcmResponse response = ar.result();
            if (response.success()) {
                return Future.succeededFuture(new Outcome(0, attempt, changes, null));
            }
            Duration wait = waitFor(response.status());
            if (wait == null || attempt >= options.applyMaxAttempts()) {
                String why = "applyChanges answered " + response.describeError()
                        + (wait == null ? "" : " on all " + attempt + " attempts");
                return Future.succeededFuture(new Outcome(response.status(), attempt, changes, why));
            }
            LOG.warn("applyChanges for {} change(s) answered {}; attempt {} of {} in {} ms", changes,
                    response.describeError(), attempt + 1, options.applyMaxAttempts(), wait.toMillis());
            Promise<Outcome> later = Promise.promise();
            vertx.setTimer(Math.max(1, wait.toMillis()), id -> attempt(attempt + 1, changes).onComplete(later));
            return later.future();
        });
    }

    /** How long to wait before the next attempt; null when the refusal is not a "try later". */
    Duration waitFor(int status) {
        UcmStatus known = UcmStatus.fromCode(status).orElse(null);
        if (known == null) {
            return null;
        }
        Integer seconds = known.retryAfterSeconds();
        if (seconds != null) {
            return options.applyRetryWait() != null ? options.applyRetryWait() : Duration.ofSeconds(seconds);
        }
        if (known == UcmStatus.CONFERENCE_RUNNING || known == UcmStatus.DIGITAL_CALLS) {
            return options.applyBusyWait();
        }
        return null;
    }
}
