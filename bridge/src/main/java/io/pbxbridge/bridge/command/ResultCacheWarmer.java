package io.pbxbridge.bridge.command;

import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Loads the recent results of PBXes that just moved to this instance into the result cache, so a
 * command the previous owner finished (but whose offset it could not commit before losing the
 * partition) is answered from its recorded result instead of running twice. Reads the results topic
 * partitions of those PBXes from {@code now - resultWindow} to their end with a short-lived, group-less
 * consumer, bounded by {@code warmTimeout}; on timeout or error it gives up (logged) and commands go on.
 */
final class ResultCacheWarmer {
    private static final Logger LOG = LoggerFactory.getLogger(ResultCacheWarmer.class);

    private final Vertx vertx;
    private final CommandSettings settings;
    private final RecordCodec codec;
    private final CommandResultCache cache;
    private final String resultsTopic;

    ResultCacheWarmer(Vertx vertx, CommandSettings settings, RecordCodec codec, CommandResultCache cache) {
        this.vertx = vertx;
        this.settings = settings;
        this.codec = codec;
        this.cache = cache;
        this.resultsTopic = settings.topic(BridgeTopic.COMMAND_RESULTS);
    }

    /** Completes (successfully or not) once the results of {@code pbxIds} are loaded or the bound passed. */
    Future<Integer> warm(Set<String> pbxIds) {
        Map<String, String> config = new HashMap<>(settings.kafkaConfig());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "pbx-bridge-result-warmer-" + UUID.randomUUID());
        // Client creation resolves bootstrap addresses (blocking DNS): done on a worker.
        return vertx.executeBlocking(() -> new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                        new HashMap<String, Object>(config), new StringDeserializer(), new ByteArrayDeserializer()), false)
                .compose(nativeReader -> read(KafkaConsumer.create(vertx, nativeReader), pbxIds));
    }

    private Future<Integer> read(KafkaConsumer<String, byte[]> reader, Set<String> pbxIds) {
        long deadline = System.nanoTime() + settings.warmTimeout().toNanos();
        long since = System.currentTimeMillis() - settings.resultWindow().toMillis();
        int[] loaded = {0};
        Future<Integer> work = reader.partitionsFor(resultsTopic).compose(infos -> {
            int count = infos.size();
            if (count == 0) {
                return Future.succeededFuture(0);
            }
            Set<TopicPartition> partitions = new HashSet<>();
            for (String pbxId : pbxIds) {
                partitions.add(new TopicPartition(resultsTopic, PartitionOwnership.partitionOf(pbxId, count)));
            }
            return reader.assign(partitions)
                    .compose(v -> reader.endOffsets(partitions))
                    .compose(ends -> {
                        Map<TopicPartition, Long> times = new HashMap<>();
                        partitions.forEach(tp -> times.put(tp, since));
                        return reader.offsetsForTimes(times).compose(starts -> {
                            Map<TopicPartition, Long> remaining = new HashMap<>();
                            Future<Void> seeks = Future.succeededFuture();
                            for (TopicPartition tp : partitions) {
                                long end = ends.getOrDefault(tp, 0L);
                                OffsetAndTimestamp start = starts.get(tp);
                                long from = start == null ? end : start.getOffset();
                                if (from < end) {
                                    remaining.put(tp, end);
                                    seeks = seeks.compose(v -> reader.seek(tp, from));
                                }
                            }
                            if (remaining.isEmpty()) {
                                return Future.succeededFuture(0);
                            }
                            return seeks.compose(v -> poll(reader, pbxIds, remaining, deadline, loaded));
                        });
                    });
        });
        return work.transform(ar -> {
            if (ar.succeeded()) {
                LOG.info("Loaded {} recorded command results of {} from {}", ar.result(),
                        SessionOwnership.sample(pbxIds), resultsTopic);
            } else {
                LOG.warn("Could not load recorded command results of {} ({} loaded): {}", SessionOwnership.sample(pbxIds),
                        loaded[0], ar.cause().toString());
            }
            return reader.close().transform(c -> Future.succeededFuture(loaded[0]));
        });
    }

    private Future<Integer> poll(KafkaConsumer<String, byte[]> reader, Set<String> pbxIds,
                                 Map<TopicPartition, Long> remaining, long deadline, int[] loaded) {
        if (remaining.isEmpty()) {
            return Future.succeededFuture(loaded[0]);
        }
        if (System.nanoTime() >= deadline) {
            return Future.failedFuture(new IllegalStateException("timed out after " + settings.warmTimeout()));
        }
        return reader.poll(Duration.ofMillis(100)).compose(records -> {
            take(records, pbxIds, remaining, loaded);
            return poll(reader, pbxIds, remaining, deadline, loaded);
        });
    }

    private void take(KafkaConsumerRecords<String, byte[]> records, Set<String> pbxIds,
                      Map<TopicPartition, Long> remaining, int[] loaded) {
        for (int i = 0; i < records.size(); i++) {
            KafkaConsumerRecord<String, byte[]> r = records.recordAt(i);
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            Long end = remaining.get(tp);
            if (end != null && r.offset() + 1 >= end) {
                remaining.remove(tp);
            }
            if (r.key() == null || !pbxIds.contains(r.key()) || r.value() == null) {
                continue;
            }
            try {
                CommandResult result = codec.decode(r.topic(), r.value(), CommandResult.class);
                if (cacheable(result.getStatus())) {
                    cache.put(result);
                    loaded[0]++;
                }
            } catch (RuntimeException e) {
                LOG.debug("Skipping undecodable result at {}/{}/{}", r.topic(), r.partition(), r.offset());
            }
        }
    }

    /** The statuses the processor records (a client may correct an invalid command and resend its id). */
    static boolean cacheable(CommandStatus status) {
        return status != CommandStatus.INVALID && status != CommandStatus.UNKNOWN_PBX;
    }
}
