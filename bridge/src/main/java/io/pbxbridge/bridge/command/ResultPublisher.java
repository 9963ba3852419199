package io.pbxbridge.bridge.command;

import io.pbxbridge.connector.spi.Backoff;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RateLimitedLog;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.codec.RecordCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts results and dead letters on Kafka: retried with backoff until Kafka acknowledges (an outage delays
 * a result, never drops it), or until the consumer closes (then the command stays uncommitted and its next
 * owner answers it). A record that is not a {@code Command} goes to the dead-letter topic whole, with an
 * INVALID result when its command id can be recovered.
 */
final class ResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ResultPublisher.class);
    /** Anyone who can write to the commands topic can write junk: a flood costs a few lines. */
    private final RateLimitedLog undecodableLog = RateLimitedLog.warn(LOG);

    private final Vertx vertx;
    private final Context context;
    private final EventSink sink;
    private final CommandSettings settings;
    private final ConsumerPhase phase;
    private final CommandMetrics metrics;
    private final CommandResults results;
    private final BridgeInfo bridge;
    private final RecordCodec codec;

    ResultPublisher(Vertx vertx, Context context, EventSink sink, CommandSettings settings, ConsumerPhase phase,
                    CommandMetrics metrics, BridgeInfo bridge, RecordCodec codec, Clock clock) {
        this.vertx = vertx;
        this.context = context;
        this.sink = sink;
        this.settings = settings;
        this.phase = phase;
        this.metrics = metrics;
        this.results = new CommandResults(bridge, clock);
        this.bridge = bridge;
        this.codec = codec;
    }

    /** Publishes a command's result; counted once Kafka has it. */
    Future<CommandResult> result(CommandResult result) {
        return publish(List.of(CommandResults.record(result))).map(v -> {
            metrics.result(result.getPbxId(), result.getStatus(), result.getReplayed());
            return result;
        });
    }

    /** Dead-letters an undecodable record (and answers INVALID when its command id can be recovered). */
    Future<Void> deadLetter(KafkaConsumerRecord<String, byte[]> record, String location, String reason,
                            Instant receivedAt) {
        String why = "undecodable command: " + reason;
        List<NormalizedRecord> out = new ArrayList<>();
        out.add(CommandDeadLetters.of(record.key(), record.value(), location, why, bridge, receivedAt));
        CommandIdRecovery.recover(record.headers(), record.value(), record.key(), codec, record.topic()).ifPresent(id -> {
            CommandResult r = results.rejected(id.commandId(), id.pbxId(), CommandStatus.INVALID,
                    why + " (kept on the dead-letter topic at " + location + ")", CommandTimes.receivedAt(receivedAt));
            out.add(CommandResults.record(r));
        });
        undecodableLog.log("Command record {} cannot be decoded ({}); dead-lettered{}", location, reason,
                out.size() > 1 ? " and answered INVALID" : "");
        return publish(out).onSuccess(v -> {
            metrics.deadLettered();
            if (out.size() > 1) {
                CommandResult r = (CommandResult) out.get(1).value();
                metrics.result(r.getPbxId(), r.getStatus(), false);
            }
        });
    }

    private Future<Void> publish(List<NormalizedRecord> records) {
        return attempt(records, new Backoff(settings.retryBase(), settings.retryMax()));
    }

    private Future<Void> attempt(List<NormalizedRecord> records, Backoff backoff) {
        return ContextFutures.on(context, sink.publish(records)).recover(e -> {
            if (phase.closed() || (phase.stopping() && backoff.attempts() > 2)) {
                return Future.failedFuture(e);
            }
            Duration delay = backoff.next();
            LOG.warn("Publishing command results failed ({}); retrying in {} ms", e.getMessage(), delay.toMillis());
            Promise<Void> wait = Promise.promise();
            vertx.setTimer(delay.toMillis(), id -> wait.complete());
            return wait.future().compose(v -> attempt(records, backoff));
        });
    }
}
