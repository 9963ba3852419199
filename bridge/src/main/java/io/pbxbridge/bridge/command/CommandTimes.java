package io.pbxbridge.bridge.command;

import io.pbxbridge.schema.Command;

import java.time.Instant;
import java.util.Objects;

/**
 * When a command was issued and when this instance received it.
 *
 * @param issued   the start of {@code latency_ms} and of the default deadline: the command's {@code issued_at},
 *                 or its record's timestamp when that is earlier (a producer clock running ahead cannot hide
 *                 the time a command waited on Kafka for an owner)
 * @param received when the instance that owns the PBX received the record ({@code received_at} of the result)
 */
public record CommandTimes(Instant issued, Instant received) {
    public CommandTimes {
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(received, "received");
    }

    /** @param recordTimestampMillis the Kafka record's timestamp; 0 or less when it has none */
    public static CommandTimes of(Command command, long recordTimestampMillis, Instant received) {
        Instant issued = command.getIssuedAt();
        if (recordTimestampMillis > 0) {
            Instant appended = Instant.ofEpochMilli(recordTimestampMillis);
            if (issued == null || appended.isBefore(issued)) {
                issued = appended;
            }
        }
        return new CommandTimes(issued == null ? received : issued, received);
    }

    /** Nothing is known but the receipt (a record that could not be decoded). */
    public static CommandTimes receivedAt(Instant received) {
        return new CommandTimes(received, received);
    }
}
