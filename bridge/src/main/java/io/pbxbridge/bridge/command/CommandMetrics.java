package io.pbxbridge.bridge.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pbxbridge.schema.CommandStatus;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Command meters. The {@code pbx} label carries a PBX id only for configured PBXes; anything else
 * (an id from a bad command) is counted as {@code other}, so a producer cannot blow up cardinality.
 *
 * <ul>
 *   <li>{@code pbx_commands_total{pbx,status}} — results published, by status (replays included);</li>
 *   <li>{@code pbx_commands_replayed_total{pbx}} — repeated command ids answered from the cache;</li>
 *   <li>{@code pbx_command_latency_seconds{pbx}} — receipt to result, commands that reached the PBX;</li>
 *   <li>{@code pbx_command_retries_total{pbx}} — attempts repeated because the PBX was unavailable;</li>
 *   <li>{@code pbx_command_backlog{pbx}} — commands waiting or running per PBX (with {@code per_pbx_metrics});</li>
 *   <li>{@code pbx_commands_queued} — the same over all PBXes;</li>
 *   <li>{@code pbx_command_partitions_paused} — partitions paused because a backlog is full;</li>
 *   <li>{@code pbx_command_dead_letters_total} — records that could not be decoded.</li>
 * </ul>
 */
public final class CommandMetrics {
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final java.util.function.Predicate<String> configured;
    private final Counter deadLetters;

    public CommandMetrics(MeterRegistry registry, Set<String> configuredPbxIds) {
        this(registry, Set.copyOf(configuredPbxIds)::contains);
    }

    /** @param configured whether a PBX id is configured now (the set changes with a reload) */
    public CommandMetrics(MeterRegistry registry, java.util.function.Predicate<String> configured) {
        this.registry = registry;
        this.configured = configured;
        this.deadLetters = Counter.builder("pbx_command_dead_letters")
                .description("Command records that could not be decoded and went to the dead-letter topic")
                .register(registry);
    }

    public void result(String pbxId, CommandStatus status, boolean replayed) {
        String pbx = label(pbxId);
        Counter.builder("pbx_commands").tag("pbx", pbx).tag("status", status.name().toLowerCase(Locale.ROOT))
                .description("Command results published, by status").register(registry).increment();
        if (replayed) {
            Counter.builder("pbx_commands_replayed").tag("pbx", pbx)
                    .description("Repeated command ids answered from the recorded result").register(registry).increment();
        }
    }

    public void latency(String pbxId, Duration latency) {
        Timer.builder("pbx_command_latency").tag("pbx", label(pbxId))
                .description("From receipt of a command to its result")
                .publishPercentiles(0.5, 0.99)
                .register(registry).record(latency);
    }

    public void retried(String pbxId) {
        Counter.builder("pbx_command_retries").tag("pbx", label(pbxId))
                .description("PBX calls repeated because the PBX was unavailable").register(registry).increment();
    }

    public void deadLettered() {
        deadLetters.increment();
    }

    public <T> void backlogGauge(String pbxId, T lane, ToDoubleFunction<T> size) {
        Gauge.builder("pbx_command_backlog", lane, size).tag("pbx", label(pbxId))
                .description("Commands waiting or running for a PBX").register(registry);
    }

    /** {@code pbx_commands_queued}: commands waiting or running over all PBXes (the fleet-level backlog). */
    public <T> void queuedGauge(T lanes, ToDoubleFunction<T> queued) {
        Gauge.builder("pbx_commands_queued", lanes, queued)
                .description("Commands waiting or running, all PBXes of this instance").register(registry);
    }

    public <T> void pausedGauge(T state, ToDoubleFunction<T> paused) {
        Gauge.builder("pbx_command_partitions_paused", state, paused)
                .description("Command partitions paused because a PBX backlog is full").register(registry);
    }

    public double count(String pbxId, CommandStatus status) {
        Counter c = registry.find("pbx_commands").tag("pbx", label(pbxId))
                .tag("status", status.name().toLowerCase(Locale.ROOT)).counter();
        return c == null ? 0 : c.count();
    }

    public double deadLetterCount() {
        return deadLetters.count();
    }

    private String label(String pbxId) {
        return pbxId != null && configured.test(pbxId) ? pbxId : OTHER;
    }
}
