package io.pbxbridge.bridge.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of writes right after the topics were created, with five produce requests in flight per
 * connection and no linger: every record lands. Before the provisioner waited for every partition's leader
 * to serve it, the first batch to a partition drew NOT_LEADER_OR_FOLLOWER while later ones landed, and its
 * retry was refused as out of order until the delivery timeout (four rounds out of five failed).
 */
@WithKafka
class FreshTopicInFlightTest {
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        Await.result(vertx.close());
    }

    @Test
    void aBurstOnTopicsJustProvisionedLandsWithFiveRequestsInFlight(KafkaBroker kafka) {
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            String prefix = kafka.uniquePrefix("fresh");
            try (TopicProvisioner provisioner = new TopicProvisioner(vertx, kafka.clientConfig(), prefix, 6, (short) 1,
                    Duration.ofSeconds(20))) {
                Await.result(provisioner.provision());
            }
            Map<String, String> config = new HashMap<>(kafka.clientConfig());
            config.put("max.in.flight.requests.per.connection", "5");
            config.put("delivery.timeout.ms", "8000");
            config.put("request.timeout.ms", "4000");
            KafkaRecordPublisher publisher = new KafkaRecordPublisher(vertx, config, prefix, new SingleObjectCodec(),
                    new SimpleMeterRegistry());
            try {
                NormalizedRecord sample = SampleRecords.callEvent();
                List<Future<Void>> acks = new ArrayList<>();
                for (int i = 0; i < 3000; i++) {
                    acks.add(publisher.publish(List.of(new NormalizedRecord(sample.topic(), "k-" + i, sample.value(),
                            "e-" + i, sample.ceType(), sample.time()))));
                }
                Await.result(Future.join(acks).transform(ar -> Future.succeededFuture()), Duration.ofSeconds(30));
                long failed = acks.stream().filter(Future::failed).count();
                if (failed > 0) {
                    failures.add("round " + round + ": " + failed + " of " + acks.size() + " failed, e.g. "
                            + acks.stream().filter(Future::failed).findFirst().orElseThrow().cause());
                }
            } finally {
                Await.result(publisher.close(), Duration.ofSeconds(30));
            }
        }
        assertThat(failures).isEmpty();
    }
}
