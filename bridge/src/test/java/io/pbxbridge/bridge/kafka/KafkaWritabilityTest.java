package io.pbxbridge.bridge.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.testkit.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write state the ingress fails fast on: down on a failed write, up on an acknowledged one handed over after it
 * went down (a probe while nothing else is written); outcomes of writes older than the last change change nothing.
 * The probe is a stand-in here; {@code KafkaFailFastEndToEndTest} runs the real one against a stopped broker.
 */
class KafkaWritabilityTest {
    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        Await.result(vertx.close());
    }

    private double gauge() {
        return registry.get("pbx_kafka_writable").gauge().value();
    }

    @Test
    void downOnAFailedWriteUpOnAProbeAndStaleNewsChangesNothing() {
        CopyOnWriteArrayList<Promise<Void>> probes = new CopyOnWriteArrayList<>();
        KafkaWritability kafka = new KafkaWritability(vertx, () -> {
            Promise<Void> p = Promise.promise();
            probes.add(p);
            return p.future();
        }, registry);
        long before = System.nanoTime();
        assertThat(kafka.down()).isFalse();
        assertThat(gauge()).isEqualTo(1);
        kafka.refused();

        kafka.failed(System.nanoTime(), "TimeoutException: expired");
        assertThat(kafka.down()).isTrue();
        assertThat(gauge()).isZero();
        assertThat(kafka.whyDown()).contains("TimeoutException: expired");
        kafka.acknowledged(before); // handed over before Kafka went down: says nothing about now
        assertThat(kafka.down()).isTrue();

        Await.until("a probe is sent", () -> probes.size() == 1);
        probes.get(0).fail("still down");
        Await.until("the next probe one interval later", () -> probes.size() == 2);
        assertThat(kafka.down()).isTrue();
        probes.get(1).complete();
        Await.until("up once a probe was acknowledged", () -> !kafka.down());
        assertThat(gauge()).isEqualTo(1);
        assertThat(kafka.whyDown()).isNull();

        kafka.failed(before, "a write from before it came back, failing late");
        assertThat(kafka.down()).isFalse();
        kafka.close();
    }

    @Test
    void onlyErrorsThatSayKafkaIsUnavailableCount() {
        assertThat(KafkaWritability.unavailable(new TimeoutException("expired"))).isTrue();
        assertThat(KafkaWritability.unavailable(new RecordTooLargeException("too big"))).isFalse();
        assertThat(KafkaWritability.unavailable(new IllegalStateException("closed"))).isFalse();
    }

    @Test
    void oneProbeAtATime() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        Promise<Void> never = Promise.promise();
        KafkaWritability kafka = new KafkaWritability(vertx, () -> {
            probes.incrementAndGet();
            return never.future();
        }, registry);
        kafka.failed(System.nanoTime(), "down");
        Await.until("a probe is sent", () -> probes.get() == 1);
        Thread.sleep(KafkaWritability.PROBE_INTERVAL.toMillis() * 2);
        assertThat(probes.get()).as("the first is still waiting at the producer").isEqualTo(1);
        kafka.close();
    }
}
