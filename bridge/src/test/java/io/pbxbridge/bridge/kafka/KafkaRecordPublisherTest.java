package io.pbxbridge.bridge.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Vertx;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithKafka
class KafkaRecordPublisherTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static Vertx vertx;
    private final SingleObjectCodec codec = new SingleObjectCodec();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        Await.result(vertx.close());
    }

    @Test
    void publishesOneRecordOfEverySchemaThatDecodesBackWithHeaders(KafkaBroker kafka) {
        String prefix = kafka.uniquePrefix("publish");
        provision(kafka, prefix);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, codec, meters);
        try {
            List<NormalizedRecord> samples = SampleRecords.all();
            assertThat(samples).extracting(NormalizedRecord::topic).doesNotHaveDuplicates()
                    .hasSize(BridgeTopic.values().length - 1); // every topic but schemas

            Await.result(publisher.publish(samples));

            assertThat(publisher.sentCount()).isEqualTo(samples.size());
            assertThat(publisher.failedCount()).isZero();
            assertThat(meters.get(KafkaRecordPublisher.METER_NAME).tag("outcome", "sent").counter().count())
                    .isEqualTo(samples.size());
            for (NormalizedRecord sample : samples) {
                String topic = sample.topic().nameWith(prefix);
                List<ConsumedRecord> read = kafka.consumer().read(topic, 1, READ_TIMEOUT);
                assertThat(read).as(topic).hasSize(1);
                ConsumedRecord record = read.get(0);
                SpecificRecord decoded = codec.decode(topic, record.value(), sample.value().getClass());
                assertThat(decoded).as(topic).isEqualTo(sample.value());
                assertThat(record.key()).isEqualTo(sample.key());
                assertThat(record.headers()).as(topic).containsExactlyInAnyOrderEntriesOf(Map.of(
                        CloudEventHeaders.ID, sample.eventId(),
                        CloudEventHeaders.SOURCE, expectedSource(sample),
                        CloudEventHeaders.TYPE, sample.ceType(),
                        CloudEventHeaders.TIME, sample.time().toString(),
                        CloudEventHeaders.SPEC_VERSION, "1.0",
                        CloudEventHeaders.CONTENT_TYPE, "application/avro"));
            }
        } finally {
            Await.result(publisher.close());
        }
    }

    @Test
    void headersNameThePbxAndTypes(KafkaBroker kafka) {
        String prefix = kafka.uniquePrefix("headers");
        provision(kafka, prefix);
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, codec,
                new SimpleMeterRegistry());
        try {
            Await.result(publisher.publish(List.of(SampleRecords.callEvent(), SampleRecords.deadLetter())));
            ConsumedRecord call = kafka.consumer().read(prefix + "call-events", 1, READ_TIMEOUT).get(0);
            assertThat(call.header("ce_source")).isEqualTo("/pbx/office-hq");
            assertThat(call.header("ce_type")).isEqualTo("io.pbxbridge.call.ringing");
            assertThat(call.header("ce_time")).isEqualTo("2026-03-02T09:15:29Z");
            ConsumedRecord dead = kafka.consumer().read(prefix + "dlq", 1, READ_TIMEOUT).get(0);
            assertThat(dead.header("ce_source")).isEqualTo("/bridge");
            assertThat(dead.header("ce_type")).isEqualTo("io.pbxbridge.dead-letter");
        } finally {
            Await.result(publisher.close());
        }
    }

    @Test
    void rawSendWritesKeyValueAndHeaders(KafkaBroker kafka) {
        String topic = kafka.uniquePrefix("raw") + "dlq";
        kafka.createTopics(topic);
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), "unused.", codec,
                new SimpleMeterRegistry());
        try {
            Await.result(publisher.send(topic, "office-hq", "not json".getBytes(StandardCharsets.UTF_8),
                    Map.of("reason", "malformed")));
            ConsumedRecord record = kafka.consumer().read(topic, 1, READ_TIMEOUT).get(0);
            assertThat(record.key()).isEqualTo("office-hq");
            assertThat(record.valueAsString()).isEqualTo("not json");
            assertThat(record.headers()).containsExactlyEntriesOf(Map.of("reason", "malformed"));
            assertThat(publisher.sentCount()).isEqualTo(1);
        } finally {
            Await.result(publisher.close());
        }
        assertThatThrownBy(() -> Await.result(publisher.publish(List.of(SampleRecords.pbxEvent()))))
                .isInstanceOf(PublishException.class).hasMessageContaining("closed");
    }

    @Test
    void publishCompletesOnTheCallersContext(KafkaBroker kafka) throws Exception {
        String prefix = kafka.uniquePrefix("context");
        provision(kafka, prefix);
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, codec,
                new SimpleMeterRegistry());
        try {
            // The first publish to a topic may run on a worker (metadata); later ones send from the event loop.
            Await.result(publisher.publish(List.of(SampleRecords.callEvent())));
            for (int i = 0; i < 2; i++) {
                io.vertx.core.Context caller = vertx.getOrCreateContext();
                java.util.concurrent.CompletableFuture<Boolean> sameContext = new java.util.concurrent.CompletableFuture<>();
                caller.runOnContext(v -> publisher.publish(List.of(SampleRecords.callEvent(), SampleRecords.callRecord()))
                        .onComplete(ar -> sameContext.complete(ar.succeeded() && Vertx.currentContext() == caller)));
                assertThat(sameContext.get(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
            assertThat(publisher.sentCount()).isEqualTo(5);
        } finally {
            Await.result(publisher.close());
        }
    }

    @Test
    void everyAcknowledgementListenerIsToldOfEveryRecord(KafkaBroker kafka) {
        String prefix = kafka.uniquePrefix("listeners");
        provision(kafka, prefix);
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, codec,
                new SimpleMeterRegistry());
        List<String> first = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<String> second = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        publisher.onAcknowledged((topic, partition, offset, record) -> first.add(topic + "@" + offset + " " + record.key()));
        publisher.onAcknowledged((topic, partition, offset, record) -> {
            throw new IllegalStateException("a failing listener does not keep the others from being told");
        });
        publisher.onAcknowledged((topic, partition, offset, record) -> second.add(topic + "@" + offset + " " + record.key()));
        try {
            Await.result(publisher.publish(List.of(SampleRecords.callEvent(), SampleRecords.callRecord())));
            assertThat(first).hasSize(2).allSatisfy(line -> assertThat(line).startsWith(prefix));
            assertThat(second).containsExactlyInAnyOrderElementsOf(first);
            assertThat(publisher.sentCount()).isEqualTo(2);
        } finally {
            Await.result(publisher.close());
        }
    }

    @Test
    void publishesFromOneThreadReachKafkaInOrderEvenWhileTheTopicIsCold(KafkaBroker kafka) {
        String prefix = kafka.uniquePrefix("order");
        provision(kafka, prefix);
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, kafka.clientConfig(), prefix, codec,
                new SimpleMeterRegistry());
        try {
            NormalizedRecord sample = SampleRecords.callEvent();
            List<io.vertx.core.Future<Void>> acks = new java.util.ArrayList<>();
            // The first publishes wait for metadata off the caller's thread; the later ones must not overtake them.
            for (int i = 0; i < 200; i++) {
                acks.add(publisher.publish(List.of(new NormalizedRecord(sample.topic(), sample.key(), sample.value(),
                        "e-" + i, sample.ceType(), sample.time()))));
            }
            Await.result(io.vertx.core.Future.all(acks));
            Await.result(publisher.publish(List.of())); // nothing to send: done at once
            List<ConsumedRecord> read = kafka.consumer().read(prefix + "call-events", 200, READ_TIMEOUT);
            assertThat(read).extracting(r -> r.header(CloudEventHeaders.ID))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "e-" + i).toList());
        } finally {
            Await.result(publisher.close());
        }
    }

    @Test
    void aPublishPastTheOutstandingBoundIsRefusedAtOnce() {
        OutstandingBytes bound = new OutstandingBytes(1000);
        assertThat(bound.tryReserve(5000)).as("a lone publish always passes").isTrue();
        assertThat(bound.tryReserve(1)).isFalse();
        bound.release(5000);
        assertThat(bound.tryReserve(600)).isTrue();
        assertThat(bound.tryReserve(400)).isTrue();
        assertThat(bound.tryReserve(1)).isFalse();
        assertThat(OutstandingBytes.forBufferMemory("2000").describe()).contains("limit 1000");
    }

    @Test
    void publishToAnUnreachableBrokerFailsInsteadOfHanging() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", "localhost:" + TopicProvisionerTest.unusedPort());
        config.put("max.block.ms", "1500");
        config.put("request.timeout.ms", "1000");
        config.put("delivery.timeout.ms", "1500");
        config.put("linger.ms", "0");
        KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, config, "pbx.", codec, new SimpleMeterRegistry());
        try {
            assertThatThrownBy(() -> Await.result(publisher.publish(List.of(SampleRecords.extensionStatus())),
                    Duration.ofSeconds(20)))
                    .isInstanceOf(PublishException.class)
                    .hasMessageContaining("1 of 1 records not acknowledged")
                    .hasMessageContaining("pbx.extension-status");
            assertThat(publisher.failedCount()).isEqualTo(1);
            assertThat(publisher.sentCount()).isZero();
        } finally {
            Await.result(publisher.close(), Duration.ofSeconds(20));
        }
    }

    private static String expectedSource(NormalizedRecord sample) {
        return sample.topic() == BridgeTopic.DLQ ? "/bridge" : "/pbx/" + SampleRecords.PBX;
    }

    private static void provision(KafkaBroker kafka, String prefix) {
        try (TopicProvisioner provisioner = new TopicProvisioner(vertx, kafka.clientConfig(), prefix, 1, (short) 1,
                Duration.ofSeconds(20))) {
            Await.result(provisioner.provision());
        }
    }
}
