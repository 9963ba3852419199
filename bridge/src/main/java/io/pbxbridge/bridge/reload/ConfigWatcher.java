package io.pbxbridge.bridge.reload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.config.ConfigException;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Reads the configuration file again on {@code SIGHUP} and when it changes (checked every
 * {@code config_watch_interval}: size and modification time, then a digest of the content, so a touched but
 * equal file does nothing). The file is validated like at start; a bad one is refused with the same one-line
 * errors, logged, and the running configuration kept. A valid one goes to {@link FleetReload}. One reload at a
 * time: a trigger during a reload runs once more after it. File work runs on a worker of its own
 * ({@code pbx-config-reload}), never on an event loop.
 *
 * <p>Secrets read from files ({@code password_file} …) are read again by every reload; a change to such a file
 * alone is noticed on {@code SIGHUP} (the watch looks at the configuration file only).
 */
public final class ConfigWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Vertx vertx;
    private final Path file;
    private final Duration interval;
    private final UnaryOperator<BridgeConfig> adjust;
    private final Function<BridgeConfig, Future<FleetReload.Outcome>> apply;
    private final MeterRegistry registry;
    private final Timer duration;
    private WorkerExecutor worker;
    private long timer = -1;
    /** Guarded by this. */
    private boolean reloading;
    private String again;
    private long seenModified;
    private long seenSize;
    private byte[] seenDigest;

    /**
     * @param adjust what the command line adds to every loaded configuration ({@code run --record})
     * @param apply  applies a valid configuration
     */
    public ConfigWatcher(Vertx vertx, Path file, Duration interval, UnaryOperator<BridgeConfig> adjust,
                         Function<BridgeConfig, Future<FleetReload.Outcome>> apply, MeterRegistry registry) {
        this.vertx = vertx;
        this.file = file;
        this.interval = interval;
        this.adjust = adjust;
        this.apply = apply;
        this.registry = registry;
        this.duration = Timer.builder("pbx_config_reload").description("Configuration reloads: read, validate, apply")
                .register(registry);
    }

    /** Remembers the file as it is now, listens for SIGHUP and starts the watch. */
    public void start() {
        worker = vertx.createSharedWorkerExecutor("pbx-config-reload", 1);
        synchronized (this) {
            seenModified = modified();
            seenSize = size();
            seenDigest = digest();
        }
        SighupHandler.install(() -> trigger("SIGHUP"));
        if (!interval.isZero()) {
            timer = vertx.setPeriodic(interval.toMillis(), id -> worker.executeBlocking(() -> {
                check();
                return null;
            }, false));
        }
        LOG.info("Configuration {} is reloaded on SIGHUP{}", file, interval.isZero() ? ""
                : " and when it changes (checked every " + interval.toMillis() / 1000.0 + " s)");
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        SighupHandler.uninstall();
        if (worker != null) {
            worker.close();
        }
    }

    /** Reloads now (SIGHUP, a changed file, or a caller); completes when this reload (or the one it joined) is done. */
    public Future<Void> trigger(String why) {
        synchronized (this) {
            if (reloading) {
                again = why;
                return Future.succeededFuture();
            }
            reloading = true;
        }
        return worker.executeBlocking(() -> reload(why), false).compose(f -> f).eventually(() -> {
            String next;
            synchronized (this) {
                reloading = false;
                next = again;
                again = null;
            }
            return next == null ? Future.succeededFuture() : trigger(next);
        });
    }

    /** On the worker: has the file changed since it was last seen? */
    private void check() {
        long modified = modified();
        long size = size();
        byte[] digest;
        synchronized (this) {
            if (modified == seenModified && size == seenSize) {
                return;
            }
            seenModified = modified;
            seenSize = size;
            digest = digest();
            if (Arrays.equals(digest, seenDigest)) {
                return;
            }
        }
        trigger("file changed");
    }

    /** On the worker: load, validate, apply. */
    private Future<Void> reload(String why) {
        long started = System.nanoTime();
        synchronized (this) {
            seenModified = modified();
            seenSize = size();
            seenDigest = digest();
        }
        BridgeConfig next;
        try {
            next = adjust.apply(ConfigLoader.load(file));
        } catch (ConfigException e) {
            count("refused");
            LOG.error("Configuration reload ({}) refused; the running configuration is kept:", why);
            e.problems().forEach(p -> LOG.error("pbx-bridge: configuration error: {}", p.toString().replace('\n', ' ')));
            return Future.succeededFuture();
        } catch (RuntimeException e) {
            count("failed");
            LOG.error("Configuration reload ({}) failed; the running configuration is kept: {}", why, e.toString());
            return Future.succeededFuture();
        }
        LOG.info("Configuration reload ({}): {} valid", why, file);
        Future<FleetReload.Outcome> applied;
        try {
            applied = apply.apply(next);
        } catch (RuntimeException e) {
            applied = Future.failedFuture(e);
        }
        return applied.transform(ar -> {
            duration.record(Duration.ofNanos(System.nanoTime() - started));
            if (ar.succeeded()) {
                count("applied");
            } else {
                count("failed");
                LOG.error("Configuration reload ({}) failed while applying: {}", why, ar.cause().toString());
            }
            return Future.succeededFuture();
        });
    }

    private void count(String outcome) {
        Counter.builder("pbx_config_reloads").tag("outcome", outcome)
                .description("Configuration reloads, by outcome (applied, refused, failed)").register(registry).increment();
    }

    private long modified() {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    private long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return new byte[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
