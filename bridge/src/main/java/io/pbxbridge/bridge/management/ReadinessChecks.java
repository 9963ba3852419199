package io.pbxbridge.bridge.management;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registered readiness checks. Each evaluation runs every check concurrently, bounded by a
 * timeout so one hung dependency makes the bridge "not ready" instead of hanging the probe.
 */
public final class ReadinessChecks {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Duration timeout;
    private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();

    public ReadinessChecks(Vertx vertx) {
        this(vertx, DEFAULT_TIMEOUT);
    }

    public ReadinessChecks(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeout = timeout;
    }

    /** Adds a check; a check with the same name replaces the previous one (re-registration after restart). */
    public void register(ReadinessCheck check) {
        checks.removeIf(c -> c.name().equals(check.name()));
        checks.add(check);
    }

    public void unregister(String name) {
        checks.removeIf(c -> c.name().equals(name));
    }

    public List<String> names() {
        return checks.stream().map(ReadinessCheck::name).toList();
    }

    /** Evaluates every check; the map keeps registration order. Never fails. */
    public Future<Map<String, CheckResult>> evaluate() {
        List<ReadinessCheck> snapshot = new ArrayList<>(checks);
        List<Future<CheckResult>> results = new ArrayList<>();
        for (ReadinessCheck check : snapshot) {
            results.add(bounded(check));
        }
        return Future.all(results).map(ignored -> {
            Map<String, CheckResult> out = new LinkedHashMap<>();
            for (int i = 0; i < snapshot.size(); i++) {
                out.put(snapshot.get(i).name(), results.get(i).result());
            }
            return out;
        });
    }

    private Future<CheckResult> bounded(ReadinessCheck check) {
        Promise<CheckResult> promise = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> promise.tryComplete(
                CheckResult.failing("no answer within " + timeout.toMillis() + " ms")));
        Future<CheckResult> started;
        try {
            started = check.check();
        } catch (RuntimeException e) {
            started = Future.failedFuture(e);
        }
        if (started == null) {
            started = Future.failedFuture("check returned no result");
        }
        started.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                promise.tryComplete(ar.result() == null ? CheckResult.failing("check returned no result") : ar.result());
            } else {
                String reason = ar.cause().getMessage();
                promise.tryComplete(CheckResult.failing(reason == null ? ar.cause().getClass().getSimpleName() : reason));
            }
        });
        return promise.future();
    }
}
