package io.pbxbridge.bridge.command;

import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.codec.RecordCodec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * One fetched command record, from fetch to "done": tracked as in flight, decoded (or dead-lettered),
 * processed once ownership of its partition is known, its result published, then marked done so its
 * offset can be committed. A record that produced no result (its PBX moved away, the bridge stopped)
 * stays uncommitted for the next owner.
 */
final class CommandRecordHandler implements Handler<KafkaConsumerRecord<String, byte[]>> {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRecordHandler.class);

    private final String topic;
    private final ConsumerPhase phase;
    private final RecordCodec codec;
    private final Clock clock;
    private final PartitionOwnership configured;
    private final PartitionCommits commits;
    private final RecordsInFlight inFlight;
    private final PartitionFlowControl flow;
    private final SessionOwnership ownership;
    private final CommandProcessor processor;
    private final ResultPublisher publisher;

    CommandRecordHandler(String topic, ConsumerPhase phase, RecordCodec codec, Clock clock, PartitionOwnership configured,
                         PartitionCommits commits, RecordsInFlight inFlight, PartitionFlowControl flow,
                         SessionOwnership ownership, CommandProcessor processor, ResultPublisher publisher) {
        this.topic = topic;
        this.phase = phase;
        this.codec = codec;
        this.clock = clock;
        this.configured = configured;
        this.commits = commits;
        this.inFlight = inFlight;
        this.flow = flow;
        this.ownership = ownership;
        this.processor = processor;
        this.publisher = publisher;
    }

    @Override
    public void handle(KafkaConsumerRecord<String, byte[]> record) {
        int partition = record.partition();
        long offset = record.offset();
        if (phase.stopping() || !record.topic().equals(topic) || !commits.track(partition, offset)) {
            // Stopping, or fetched just before its partition was revoked: left for the owner, uncommitted.
            return;
        }
        inFlight.started(partition);
        Instant receivedAt = clock.instant();
        String location = record.topic() + "/" + partition + "/" + offset;
        Command command;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("record has no value");
            }
            command = codec.decode(record.topic(), record.value(), Command.class);
        } catch (RuntimeException e) {
            publisher.deadLetter(record, location, e.getMessage(), receivedAt)
                    .onComplete(ar -> finished(partition, offset, ar.succeeded()));
            return;
        }
        if (configured.isConfigured(command.getPbxId())) {
            flow.commandFrom(command.getPbxId(), partition);
        }
        CommandTimes times = CommandTimes.of(command, record.timestamp(), receivedAt);
        ownership.settled().transform(v -> processor.process(command, record.key(), times))
                .compose(r -> phase.closed()
                        // Finished after stop committed and left the group: the next owner answers it.
                        ? Future.<CommandResult>failedFuture(new CommandRouting.NotOwnedException(r.getPbxId()))
                        : publisher.result(r))
                .onComplete(ar -> {
                    if (ar.failed() && !(ar.cause() instanceof CommandRouting.NotOwnedException)
                            && !(ar.cause() instanceof PbxCommandLane.LaneClearedException)) {
                        LOG.error("Command at {} produced no result: {}", location, ar.cause().toString());
                    }
                    finished(partition, offset, ar.succeeded());
                });
    }

    /** Done (offset committable) only when published; in flight no more either way. */
    private void finished(int partition, long offset, boolean published) {
        if (published) {
            commits.done(partition, offset);
        }
        inFlight.finished(partition);
    }
}
