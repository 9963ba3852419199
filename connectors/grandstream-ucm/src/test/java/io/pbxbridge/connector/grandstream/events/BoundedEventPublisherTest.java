package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.grandstream.testing.Await;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.SessionEvents;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedEventPublisherTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() {
        Await.result(vertx.close());
    }

    @Test
    void overflowIsCountedAndReportedNeverSilentlyDropped() {
        List<NormalizedRecord> published = new CopyOnWriteArrayList<>();
        List<Promise<Void>> acks = new CopyOnWriteArrayList<>();
        EventSink slowSink = batch -> {
            Promise<Void> ack = Promise.promise();
            acks.add(ack);
            return ack.future().onSuccess(v -> published.addAll(batch));
        };
        BoundedEventPublisher publisher = new BoundedEventPublisher(vertx, slowSink, 2, "ucm-1", TestPbx.BRIDGE, Duration.ofMillis(10));
        vertx.runOnContext(v -> {
            publisher.offer(List.of(record("a"))); // in flight
            publisher.offer(List.of(record("b")));
            publisher.offer(List.of(record("c"), record("d"))); // does not fit: dropped, counted
            publisher.offer(List.of(record("e"))); // does not fit either
        });
        Await.until("first batch sent", () -> acks.size() == 1);
        vertx.runOnContext(v -> acks.get(0).complete());
        Await.until("second batch sent", () -> acks.size() == 2);
        vertx.runOnContext(v -> acks.get(1).complete());

        Await.until("all published", () -> published.size() == 3);
        assertThat(published).extracting(r -> ((PbxEvent) r.value()).getReason()).element(0).asString().isEqualTo("a");
        PbxEvent dropped = (PbxEvent) published.get(2).value();
        assertThat(dropped.getType()).isEqualTo(PbxEventType.EVENTS_DROPPED);
        assertThat(dropped.getAttributes()).containsEntry("dropped", "3");
        assertThat(publisher.droppedTotal()).isEqualTo(3);
    }

    @Test
    void aFailedPublishIsRetriedNotLost() {
        List<NormalizedRecord> published = new CopyOnWriteArrayList<>();
        int[] calls = {0};
        EventSink flaky = batch -> {
            if (calls[0]++ < 2) {
                return Future.failedFuture("kafka down");
            }
            published.addAll(batch);
            return Future.succeededFuture();
        };
        BoundedEventPublisher publisher = new BoundedEventPublisher(vertx, flaky, 10, "ucm-1", TestPbx.BRIDGE, Duration.ofMillis(5));
        vertx.runOnContext(v -> publisher.offer(List.of(record("x"), record("y"))));
        Await.until("published after retries", () -> published.size() == 2);
        assertThat(published).extracting(r -> ((PbxEvent) r.value()).getReason()).containsExactly("x", "y");
    }

    private static NormalizedRecord record(String reason) {
        return SessionEvents.of("ucm-1", Vendor.GRANDSTREAM_UCM, TestPbx.BRIDGE, PbxEventType.UNKNOWN, reason, null, Instant.now());
    }
}
