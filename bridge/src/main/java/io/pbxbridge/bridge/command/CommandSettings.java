package io.pbxbridge.bridge.command;

import io.pbxbridge.bridge.config.CommandsConfig;
import io.pbxbridge.schema.topic.BridgeTopic;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the command pipeline: the configured {@code commands} section ({@link CommandsConfig}) plus
 * internal tuning. Defaults suit production; tests shorten the timers.
 *
 * @param topicPrefix           prefix of the bridge topics (default {@code pbx.})
 * @param groupId               consumer group of the bridge instances (default {@code pbx-bridge})
 * @param kafkaConfig           Kafka client properties (at least {@code bootstrap.servers}, plus security);
 *                              consumer overrides go here too
 * @param laneConcurrency       commands of one PBX running at once (1 keeps them in order)
 * @param laneBacklog           commands of one PBX fetched but not finished before its partition pauses
 * @param resultWindow          how long a result answers a repeated command_id
 * @param resultCacheMaxEntries bound of the result cache (least recently used go first)
 * @param commandTimeout        one PBX call longer than this → TIMED_OUT
 * @param unavailableMaxWait    how long a command without expires_at retries a PBX that is down
 * @param retryBase             first retry delay while the PBX is down (doubles, with jitter)
 * @param retryMax              longest retry delay
 * @param shutdownTimeout       how long stop (or a revocation) waits for commands in flight
 * @param warmResultCache       on assignment, read recent results of owned PBXes into the cache
 * @param warmTimeout           bound of that read; commands wait for it at most this long
 * @param commitInterval        how often completed offsets are committed (they are also committed on
 *                              revocation and stop)
 * @param deadlines             default deadlines of commands without {@code expires_at}
 */
public record CommandSettings(String topicPrefix, String groupId, Map<String, String> kafkaConfig,
                              int laneConcurrency, int laneBacklog, Duration resultWindow,
                              int resultCacheMaxEntries, Duration commandTimeout, Duration unavailableMaxWait,
                              Duration retryBase, Duration retryMax, Duration shutdownTimeout,
                              boolean warmResultCache, Duration warmTimeout, Duration commitInterval,
                              CommandDeadlines deadlines) {

    /** Tuning that is not configuration: one definition each. */
    static final int RESULT_CACHE_MAX_ENTRIES = 100_000;
    static final Duration RETRY_BASE = Duration.ofMillis(250);
    static final Duration RETRY_MAX = Duration.ofSeconds(5);
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    static final Duration WARM_TIMEOUT = Duration.ofSeconds(10);
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

    public CommandSettings {
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(groupId, "groupId");
        kafkaConfig = Map.copyOf(kafkaConfig);
        if (!kafkaConfig.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("command consumer needs bootstrap.servers");
        }
        if (laneConcurrency < 1 || laneBacklog < 1 || resultCacheMaxEntries < 1) {
            throw new IllegalArgumentException("lane concurrency, lane backlog and result cache size must be >= 1");
        }
        for (Duration d : new Duration[]{resultWindow, commandTimeout, unavailableMaxWait, retryBase, retryMax,
                shutdownTimeout, warmTimeout, commitInterval}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("command pipeline durations must be positive");
            }
        }
        Objects.requireNonNull(deadlines, "deadlines");
        if (retryMax.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("retryMax must be >= retryBase");
        }
    }

    /** The configured {@code commands} section, with the bridge's topics and Kafka client properties. */
    public static CommandSettings of(CommandsConfig commands, String topicPrefix, Map<String, String> kafkaConfig) {
        return new CommandSettings(topicPrefix, commands.groupId(), kafkaConfig, commands.laneConcurrency(),
                commands.laneBacklog(), commands.resultWindow(), RESULT_CACHE_MAX_ENTRIES, commands.commandTimeout(),
                commands.unavailableMaxWait(), RETRY_BASE, RETRY_MAX, SHUTDOWN_TIMEOUT, true, WARM_TIMEOUT,
                COMMIT_INTERVAL, new CommandDeadlines(commands.callControlDeadline(), commands.configurationDeadline()));
    }

    /** Every configuration default (one definition: {@link CommandsConfig}) for the given Kafka client properties. */
    public static CommandSettings defaults(Map<String, String> kafkaConfig) {
        return of(CommandsConfig.defaults(), BridgeTopic.DEFAULT_PREFIX, kafkaConfig);
    }

    public String topic(BridgeTopic topic) {
        return topic.nameWith(topicPrefix);
    }

    public CommandSettings withTopicPrefix(String v) {
        return new CommandSettings(v, groupId, kafkaConfig, laneConcurrency, laneBacklog, resultWindow,
                resultCacheMaxEntries, commandTimeout, unavailableMaxWait, retryBase, retryMax, shutdownTimeout,
                warmResultCache, warmTimeout, commitInterval, deadlines);
    }

    public CommandSettings withGroupId(String v) {
        return new CommandSettings(topicPrefix, v, kafkaConfig, laneConcurrency, laneBacklog, resultWindow,
                resultCacheMaxEntries, commandTimeout, unavailableMaxWait, retryBase, retryMax, shutdownTimeout,
                warmResultCache, warmTimeout, commitInterval, deadlines);
    }

    public CommandSettings withLanes(int concurrency, int backlog) {
        return new CommandSettings(topicPrefix, groupId, kafkaConfig, concurrency, backlog, resultWindow,
                resultCacheMaxEntries, commandTimeout, unavailableMaxWait, retryBase, retryMax, shutdownTimeout,
                warmResultCache, warmTimeout, commitInterval, deadlines);
    }

    public CommandSettings withResultCache(Duration window, int maxEntries, boolean warm) {
        return new CommandSettings(topicPrefix, groupId, kafkaConfig, laneConcurrency, laneBacklog, window,
                maxEntries, commandTimeout, unavailableMaxWait, retryBase, retryMax, shutdownTimeout,
                warm, warmTimeout, commitInterval, deadlines);
    }

    public CommandSettings withTimers(Duration commandTimeout, Duration unavailableMaxWait, Duration retryBase,
                                      Duration retryMax, Duration shutdownTimeout) {
        return new CommandSettings(topicPrefix, groupId, kafkaConfig, laneConcurrency, laneBacklog, resultWindow,
                resultCacheMaxEntries, commandTimeout, unavailableMaxWait, retryBase, retryMax, shutdownTimeout,
                warmResultCache, warmTimeout, commitInterval, deadlines);
    }

    /** Kafka properties with {@code extra} added (e.g. consumer overrides). */
    public CommandSettings withKafka(Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>(kafkaConfig);
        merged.putAll(extra);
        return new CommandSettings(topicPrefix, groupId, merged, laneConcurrency, laneBacklog, resultWindow,
                resultCacheMaxEntries, commandTimeout, unavailableMaxWait, retryBase, retryMax, shutdownTimeout,
                warmResultCache, warmTimeout, commitInterval, deadlines);
    }

    public CommandSettings withDeadlines(CommandDeadlines v) {
        return new CommandSettings(topicPrefix, groupId, kafkaConfig, laneConcurrency, laneBacklog, resultWindow,
                resultCacheMaxEntries, commandTimeout, unavailableMaxWait, retryBase, retryMax, shutdownTimeout,
                warmResultCache, warmTimeout, commitInterval, v);
    }

    public CommandSettings withCommitInterval(Duration v) {
        return new CommandSettings(topicPrefix, groupId, kafkaConfig, laneConcurrency, laneBacklog, resultWindow,
                resultCacheMaxEntries, commandTimeout, unavailableMaxWait, retryBase, retryMax, shutdownTimeout,
                warmResultCache, warmTimeout, v, deadlines);
    }
}
