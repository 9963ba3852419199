package io.pbxbridge.bridge.command;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What happens before command partitions leave this instance, run from Kafka's rebalance callback on the
 * polling thread ({@link HandoverKafkaConsumer}). On the consumer's context: no more records of those
 * partitions are taken, their PBXes are no longer owned and their waiting commands are dropped; then, once
 * the records of those partitions in flight have finished (at most {@code shutdownTimeout}), their done
 * offsets are handed back for a synchronous commit and their sessions log out.
 *
 * <p>Bounded: the context gives the commands at most {@code shutdownTimeout}; the polling thread waits for
 * offsets and logouts at most {@code shutdownTimeout} + {@link #LOGOUT_GRACE} (5 s) in all, then lets the
 * partitions go anyway (logged: a session still logging out might then overlap the next owner's login).
 * With the synchronous commit ({@link HandoverKafkaConsumer#COMMIT_TIMEOUT}) the callback blocks the
 * polling thread at most {@link #worstCase} — 20 s with the defaults, well inside the group's rebalance
 * timeout ({@code max.poll.interval.ms}, 5 min by default; {@link CommandConsumer} warns at start when a
 * configured one is shorter). Meanwhile this consumer's pause/resume/commit calls wait behind the callback.
 */
final class PartitionHandover implements HandoverKafkaConsumer.Handover {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionHandover.class);
    /** How long sessions may take to log out after the commands of their partitions finished. */
    static final Duration LOGOUT_GRACE = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Context context;
    private final String topic;
    private final String instanceId;
    private final Duration shutdownTimeout;
    private final Duration logoutGrace;
    private final ConsumerPhase phase;
    private final PartitionCommits commits;
    private final PartitionFlowControl flow;
    private final SessionOwnership ownership;
    private final RecordsInFlight inFlight;

    /** @param logoutGrace {@link #LOGOUT_GRACE} (tests shorten it) */
    PartitionHandover(Vertx vertx, Context context, String topic, String instanceId, Duration shutdownTimeout,
                      Duration logoutGrace, ConsumerPhase phase, PartitionCommits commits, PartitionFlowControl flow,
                      SessionOwnership ownership, RecordsInFlight inFlight) {
        this.vertx = vertx;
        this.context = context;
        this.topic = topic;
        this.instanceId = instanceId;
        this.shutdownTimeout = shutdownTimeout;
        this.logoutGrace = logoutGrace;
        this.phase = phase;
        this.commits = commits;
        this.flow = flow;
        this.ownership = ownership;
        this.inFlight = inFlight;
    }

    /** The longest the rebalance callback blocks the polling thread (see the class comment). */
    static Duration worstCase(Duration shutdownTimeout) {
        return shutdownTimeout.plus(LOGOUT_GRACE).plus(HandoverKafkaConsumer.COMMIT_TIMEOUT);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> release(Collection<TopicPartition> partitions, boolean lost) {
        Set<Integer> numbers = new TreeSet<>();
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(topic)) {
                numbers.add(tp.partition());
            }
        }
        if (numbers.isEmpty()) {
            return Map.of();
        }
        long deadline = System.nanoTime() + shutdownTimeout.plus(logoutGrace).toNanos();
        CompletableFuture<Map<Integer, Long>> offsets = new CompletableFuture<>();
        CompletableFuture<Void> loggedOut = new CompletableFuture<>();
        context.runOnContext(v -> handOver(numbers, offsets, loggedOut));
        Map<Integer, Long> done = await(offsets, deadline, Map.of(), () -> LOG.warn(
                "Commands of partitions {} did not finish in time; committing nothing for them", numbers));
        await(loggedOut, deadline, null, () -> LOG.warn("PBX sessions of command partitions {} did not log out in time;"
                + " letting the partitions go", numbers));
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        if (!lost) {
            done.forEach((n, offset) -> commit.put(new TopicPartition(topic, n), new OffsetAndMetadata(offset, instanceId)));
        }
        return commit;
    }

    /** On the context: stop taking the partitions' records, release their PBXes, then report offsets and logouts. */
    private void handOver(Set<Integer> numbers, CompletableFuture<Map<Integer, Long>> offsets,
                          CompletableFuture<Void> loggedOut) {
        commits.leaving(numbers);
        flow.forget(numbers);
        Set<String> leaving = ownership.leave(numbers);
        // After stop, whatever is still in flight is the next owner's: nothing to wait for.
        Future<Void> finished = phase.closed() ? Future.succeededFuture()
                : ContextFutures.within(vertx, inFlight.whenNone(numbers), shutdownTimeout, () -> LOG.warn(
                        "Commands of partitions {} still running after {}; handing over without them", numbers,
                        shutdownTimeout));
        finished.onComplete(ar -> {
            offsets.complete(commits.handOver(numbers));
            ownership.stop(leaving).onComplete(x -> loggedOut.complete(null));
        });
    }

    private static <T> T await(CompletableFuture<T> f, long deadline, T otherwise, Runnable onTimeout) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            onTimeout.run();
            return otherwise;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise;
        } catch (ExecutionException e) {
            return otherwise;
        }
    }
}
