package io.pbxbridge.bridge.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page's hand-off from the publisher's acknowledgements: filtered, bounded, on the page's context. */
class PublishedRecordsTest {
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().await();
    }

    @Test
    void handsOnTheOwnedPbxesRecordsInOrderOnItsContext() {
        Context context = vertx.getOrCreateContext();
        List<String> fed = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> onContext = Collections.synchronizedList(new ArrayList<>());
        StatusFeed feed = new StatusFeed(Set.of("hq")::contains, line -> { }, Clock.systemUTC());
        PublishedRecords published = new PublishedRecords(context, feed::wantsKey, r -> {
            onContext.add(Vertx.currentContext() == context);
            fed.add(((io.pbxbridge.schema.CallEvent) r).getCallId());
        }, new SimpleMeterRegistry());

        published.acknowledged("pbx.call-events", 0, 1, record("hq/1", StatusRecords.ringing("hq", "1")));
        published.acknowledged("pbx.call-events", 0, 2, record("other/2", StatusRecords.ringing("other", "2")));
        published.acknowledged("pbx.schemas", 0, 3, null); // a raw send: nothing to show
        published.acknowledged("pbx.call-events", 1, 4, record("hq/3", StatusRecords.ringing("hq", "3")));

        Await.until("both owned records fed", () -> fed.size() == 2);
        assertThat(fed).containsExactly("1", "3");
        assertThat(onContext).containsOnly(true);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
        Context context = vertx.getOrCreateContext();
        List<SpecificRecord> fed = Collections.synchronizedList(new ArrayList<>());
        PublishedRecords published = new PublishedRecords(context, key -> true, fed::add, new SimpleMeterRegistry());
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocked = new CompletableFuture<>();
        context.runOnContext(v -> { // the page's context is busy: nothing drains meanwhile
            blocked.complete(null);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        blocked.get(5, TimeUnit.SECONDS);
        for (int i = 0; i < PublishedRecords.CAPACITY + 10; i++) {
            published.acknowledged("pbx.call-events", 0, i, record("hq/" + i, StatusRecords.ringing("hq", "c" + i)));
        }
        assertThat(published.dropped()).isEqualTo(10);
        release.countDown();

        Await.until("the queue drained", () -> fed.size() == PublishedRecords.CAPACITY);
        assertThat(((io.pbxbridge.schema.CallEvent) fed.get(0)).getCallId()).isEqualTo("c0");
        published.acknowledged("pbx.call-events", 0, 99_999, record("hq/x", StatusRecords.ringing("hq", "after")));
        Await.until("a later record fed", () -> fed.size() == PublishedRecords.CAPACITY + 1);
        published.stop();
        published.acknowledged("pbx.call-events", 0, 100_000, record("hq/y", StatusRecords.ringing("hq", "stopped")));
        Thread.sleep(100);
        assertThat(fed).hasSize(PublishedRecords.CAPACITY + 1);
    }

    @Test
    void linesAreFormattedOnlyWhenSomeoneListensOrReadsAndStayMasked() {
        List<StatusFeed.LiveLine> streamed = new ArrayList<>();
        boolean[] listening = {false};
        StatusFeed feed = new StatusFeed(Set.of("hq")::contains, streamed::add, () -> listening[0],
                Clock.systemUTC());

        feed.accept(StatusRecords.deadLetter("hq", "/report/hq/******", "not valid JSON at /report/hq/0123456789abcdef0123"));
        assertThat(streamed).isEmpty();
        listening[0] = true;
        feed.accept(StatusRecords.ringing("hq", "2"));

        assertThat(streamed).singleElement().satisfies(l -> assertThat(l.text()).contains("call=2"));
        List<StatusFeed.LiveLine> lines = feed.liveLines();
        assertThat(lines).extracting(StatusFeed.LiveLine::seq).containsExactly(1L, 2L);
        assertThat(lines.get(0).text()).contains("/report/hq/******").doesNotContain("0123456789abcdef0123");
        assertThat(lines.get(0).failure()).isTrue();
        assertThat(feed.liveLines().get(1)).isSameAs(lines.get(1)); // formatted once
    }

    private static NormalizedRecord record(String key, SpecificRecord value) {
        return new NormalizedRecord(BridgeTopic.CALL_EVENTS, key, value, "e-" + key, "type", Instant.now());
    }
}
