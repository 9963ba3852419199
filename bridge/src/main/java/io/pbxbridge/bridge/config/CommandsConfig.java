package io.pbxbridge.bridge.config;

import java.time.Duration;

/**
 * The command consumer.
 *
 * @param groupId            Kafka consumer group shared by all bridge instances (one owner per PBX)
 * @param laneConcurrency    commands of one PBX running at once (1 keeps them in order)
 * @param laneBacklog        commands of one PBX waiting; past it the PBX's partition is paused
 * @param resultWindow       how long a command id is remembered (a repeat is answered from the record)
 * @param commandTimeout     one PBX call longer than this is answered TIMED_OUT
 * @param unavailableMaxWait retry a down PBX this long when the command has no expiry
 */
public record CommandsConfig(String groupId, int laneConcurrency, int laneBacklog, Duration resultWindow,
                             Duration commandTimeout, Duration unavailableMaxWait) {
    public static final String DEFAULT_GROUP_ID = "pbx-bridge";
    public static final int DEFAULT_LANE_CONCURRENCY = 1;
    public static final int DEFAULT_LANE_BACKLOG = 100;
    public static final Duration DEFAULT_RESULT_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_UNAVAILABLE_MAX_WAIT = Duration.ofSeconds(60);
}
