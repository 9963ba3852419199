package io.pbxbridge.bridge.command;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.codec.TrustedContractClasses;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Builds {@link CommandResult}s and the records that carry them. {@code latency_ms} runs from when the
 * command was issued ({@link CommandTimes#issued}: {@code issued_at}, or the record's timestamp when earlier)
 * to the result, so the time a command waited on Kafka for an owner (a hand-over) is part of it;
 * {@code received_at} says when the owning instance got it, so the two parts can be told apart.
 */
public final class CommandResults {
    static {
        // Replays and copies use Avro builders on the generated classes: trust them in Avro 1.12.
        TrustedContractClasses.install();
    }

    private final BridgeInfo bridge;
    private final Clock clock;

    public CommandResults(BridgeInfo bridge, Clock clock) {
        this.bridge = bridge;
        this.clock = clock;
    }

    public CommandResult of(String commandId, String pbxId, CommandOutcome outcome, CommandTimes times) {
        Instant now = clock.instant();
        return CommandResult.newBuilder()
                .setCommandId(commandId)
                .setPbxId(pbxId == null ? "" : pbxId)
                .setStatus(outcome.status())
                .setVendorErrorCode(outcome.vendorErrorCode())
                .setReason(outcome.status() == CommandStatus.SUCCEEDED ? outcome.reason() : reasonOrDefault(outcome))
                .setCallId(outcome.callId())
                .setResponseJson(outcome.responseJson())
                .setLatencyMs(Math.max(0, Duration.between(times.issued(), now).toMillis()))
                .setExecutedBy(bridge.instanceId())
                .setCompletedAt(now)
                .setReplayed(false)
                .setReceivedAt(times.received())
                .build();
    }

    /** A result the bridge decided without the PBX (invalid, unknown PBX, expired ...). */
    public CommandResult rejected(String commandId, String pbxId, CommandStatus status, String reason, CommandTimes times) {
        return of(commandId, pbxId, CommandOutcome.failed(status, null, reason), times);
    }

    /** The recorded result answering a repeated command id: unchanged but marked replayed. */
    public CommandResult replay(CommandResult recorded) {
        return CommandResult.newBuilder(recorded).setReplayed(true).build();
    }

    /**
     * The record to publish: key {@code pbx_id}, {@code ce_id} = {@code command_id} as schemas/README
     * promises (a replay is the same result again, so it carries the same id). A result whose command
     * had no id (answered INVALID) gets one derived from its PBX and completion time: CloudEvents ids
     * must not be empty.
     */
    public static NormalizedRecord record(CommandResult result) {
        String commandId = result.getCommandId() == null ? "" : result.getCommandId().toString();
        String eventId = commandId.isEmpty()
                ? EventIds.of(result.getPbxId(), ("command-result\u0000" + result.getCompletedAt()).getBytes(StandardCharsets.UTF_8), 0)
                : commandId;
        return new NormalizedRecord(BridgeTopic.COMMAND_RESULTS, RecordKeys.pbx(result.getPbxId()), result, eventId,
                CeTypes.commandResult(result.getStatus()), result.getCompletedAt());
    }

    private static String reasonOrDefault(CommandOutcome o) {
        return o.reason() == null || o.reason().isBlank() ? o.status().name().toLowerCase() : o.reason();
    }
}
