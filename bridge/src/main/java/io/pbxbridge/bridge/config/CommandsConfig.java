package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.time.Duration;
import java.util.List;

/**
 * The command consumer.
 *
 * @param groupId            Kafka consumer group shared by all bridge instances (one owner per PBX)
 * @param laneConcurrency    commands of one PBX running at once (1 keeps them in order)
 * @param laneBacklog        commands of one PBX waiting; past it the PBX's partition is paused
 * @param resultWindow       how long a command id is remembered (a repeat is answered from the record)
 * @param commandTimeout     one PBX call longer than this is answered TIMED_OUT
 * @param unavailableMaxWait retry a down PBX this long when the command has no expiry
 * @param callControlDeadline   deadline after issue of a command without expiry, every action but CONFIGURE
 * @param configurationDeadline deadline after issue of a CONFIGURE command without expiry
 * @param staticMembership      join the command group as a static member named by an explicitly set instance_id
 */
public record CommandsConfig(String groupId, int laneConcurrency, int laneBacklog, Duration resultWindow,
                             Duration commandTimeout, Duration unavailableMaxWait, Duration callControlDeadline,
                             Duration configurationDeadline, boolean staticMembership) {
    static final Setting<String> GROUP_ID = Setting.of("group_id", ValueType.nonBlank()).withDefault("pbx-bridge")
            .doc("Kafka consumer group on `pbx.commands`, shared by all bridge instances: the instance owning a "
                    + "PBX's partition runs that PBX's session and executes its commands.");
    static final Setting<Integer> LANE_CONCURRENCY = Setting.of("lane_concurrency", ValueType.integer(1, Integer.MAX_VALUE))
            .withDefault(1).doc("Commands of one PBX running at once; `1` keeps them in order (configuration "
                    + "commands may still overlap each other, so a Grandstream burst shares one `applyChanges`).");
    static final Setting<Integer> LANE_BACKLOG = Setting.of("lane_backlog", ValueType.integer(1, Integer.MAX_VALUE))
            .withDefault(100).doc("Commands of one PBX waiting; past it that PBX's partition is paused until half "
                    + "the backlog is done.");
    static final Setting<Duration> RESULT_WINDOW = Setting.of("result_window", ValueType.duration())
            .withDefault(Duration.ofHours(24)).doc("How long a `command_id` is remembered: a repeat within it is "
                    + "answered from the recorded result.");
    static final Setting<Duration> COMMAND_TIMEOUT = Setting.of("command_timeout", ValueType.duration())
            .withDefault(Duration.ofSeconds(30)).doc("A PBX call taking longer is answered `TIMED_OUT`.");
    static final Setting<Duration> UNAVAILABLE_MAX_WAIT = Setting.of("unavailable_max_wait", ValueType.duration())
            .withDefault(Duration.ofSeconds(60)).doc("How long a command without `expires_at` is retried while its "
                    + "PBX is down before `PBX_UNAVAILABLE`.");

    static final Setting<Duration> CALL_CONTROL_DEADLINE = Setting.of("call_control_deadline", ValueType.duration())
            .withDefault(Duration.ofSeconds(30)).doc("A command without `expires_at` is executed only until its "
                    + "`issued_at` (or its record's timestamp, if earlier) plus this; later it is answered `EXPIRED` and "
                    + "never sent to the PBX. For every action except `CONFIGURE`: calls, queries, SMS, `VENDOR`. "
                    + "`send` sets `expires_at` from its `--timeout` instead.");
    static final Setting<Duration> CONFIGURATION_DEADLINE = Setting.of("configuration_deadline", ValueType.duration())
            .withDefault(Duration.ofMinutes(5)).doc("The same for `CONFIGURE` commands: a change applied late is "
                    + "still the change asked for.");
    static final Setting<Boolean> STATIC_MEMBERSHIP = Setting.of("static_membership", ValueType.bool()).withDefault(true)
            .doc("When `instance_id` is set in the file, join the command group as a static member of that name "
                    + "(Kafka's `group.instance.id`): an instance restarted under the same `instance_id` takes its "
                    + "PBXes back at once, without a rebalance. Without an explicit `instance_id` (the default "
                    + "`<hostname>-<pid>` changes at every start), or when it is not a valid `group.instance.id` "
                    + "(letters, digits, `.`, `_`, `-`; logged), membership is dynamic. Two running instances must "
                    + "never share an `instance_id`: the newer one fences the older, which stops executing commands "
                    + "and reports not ready.");

    static final List<Setting<?>> KEYS = List.of(GROUP_ID, LANE_CONCURRENCY, LANE_BACKLOG, RESULT_WINDOW,
            COMMAND_TIMEOUT, UNAVAILABLE_MAX_WAIT, CALL_CONTROL_DEADLINE, CONFIGURATION_DEADLINE, STATIC_MEMBERSHIP);

    /** Every key at its default. */
    public static CommandsConfig defaults() {
        return read(ConfigSection.empty());
    }

    static CommandsConfig read(ConfigSection in) {
        in.rejectUnknownKeys(KEYS, List.of());
        return new CommandsConfig(in.get(GROUP_ID), in.get(LANE_CONCURRENCY), in.get(LANE_BACKLOG),
                in.get(RESULT_WINDOW), in.get(COMMAND_TIMEOUT), in.get(UNAVAILABLE_MAX_WAIT),
                in.get(CALL_CONTROL_DEADLINE), in.get(CONFIGURATION_DEADLINE), in.get(STATIC_MEMBERSHIP));
    }
}
