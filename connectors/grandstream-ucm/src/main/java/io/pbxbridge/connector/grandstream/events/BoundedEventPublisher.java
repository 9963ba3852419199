package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.spi.Backoff;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.SessionEvents;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes records the PBX cannot send again (WebSocket notifications) through the sink, in order,
 * with a bounded buffer. A batch that does not fit is counted, not queued; the count goes out as an
 * EVENTS_DROPPED PbxEvent as soon as the next publish completes, so nothing is dropped silently.
 * A failed publish is retried (same batch, backoff) because the records are not acknowledged yet.
 * Not thread-safe: use from one Vert.x context.
 */
public final class BoundedEventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedEventPublisher.class);
    private static final int MAX_BATCH = 500;

    private final Vertx vertx;
    private final EventSink sink;
    private final int capacity;
    private final String pbxId;
    private final BridgeInfo bridge;
    private final Backoff retry;
    private final ArrayDeque<NormalizedRecord> queue = new ArrayDeque<>();
    private long droppedPending;
    private long droppedTotal;
    private boolean inFlight;
    private boolean stopped;

    public BoundedEventPublisher(Vertx vertx, EventSink sink, int capacity, String pbxId, BridgeInfo bridge,
                                 Duration retryBase) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event buffer capacity must be at least 1");
        }
        this.vertx = vertx;
        this.sink = sink;
        this.capacity = capacity;
        this.pbxId = pbxId;
        this.bridge = bridge;
        this.retry = new Backoff(retryBase, retryBase.multipliedBy(30));
    }

    /** Queues the records of one frame (all or none) and starts publishing. */
    public void offer(List<NormalizedRecord> records) {
        if (records.isEmpty() || stopped) {
            return;
        }
        if (queue.size() + records.size() > capacity) {
            countDropped(records.size());
        } else {
            queue.addAll(records);
            drain();
        }
    }

    /** Counts records lost before they became records (e.g. frames that overflowed a resync buffer). */
    public void countDropped(long count) {
        droppedPending += count;
        droppedTotal += count;
        LOG.warn("PBX {}: event buffer full ({} records); {} WebSocket events dropped so far", pbxId, capacity, droppedTotal);
        drain();
    }

    public int buffered() {
        return queue.size();
    }

    public long droppedTotal() {
        return droppedTotal;
    }

    public void stop() {
        stopped = true;
    }

    private void drain() {
        if (inFlight || stopped) {
            return;
        }
        if (droppedPending > 0) {
            // One record over the bound is allowed: the loss report must always get out.
            queue.addLast(droppedEvent(droppedPending));
            droppedPending = 0;
        }
        if (queue.isEmpty()) {
            return;
        }
        List<NormalizedRecord> batch = new ArrayList<>(Math.min(MAX_BATCH, queue.size()));
        for (NormalizedRecord r : queue) {
            if (batch.size() == MAX_BATCH) {
                break;
            }
            batch.add(r);
        }
        inFlight = true;
        sink.publish(batch).onComplete(ar -> {
            inFlight = false;
            if (ar.succeeded()) {
                for (int i = 0; i < batch.size(); i++) {
                    queue.pollFirst();
                }
                retry.reset();
                drain();
            } else {
                Duration delay = retry.next();
                LOG.warn("PBX {}: publishing {} events failed ({}); retrying in {} ms", pbxId, batch.size(),
                        ar.cause().getMessage(), delay.toMillis());
                vertx.setTimer(Math.max(1, delay.toMillis()), id -> drain());
            }
        });
    }

    private NormalizedRecord droppedEvent(long count) {
        NormalizedRecord base = SessionEvents.of(pbxId, Vendor.GRANDSTREAM_UCM, bridge, PbxEventType.EVENTS_DROPPED,
                count + " WebSocket events dropped: event buffer of " + capacity + " records was full", null, Instant.now());
        PbxEvent event = (PbxEvent) base.value();
        Map<String, String> attributes = new LinkedHashMap<>(event.getAttributes());
        attributes.put("dropped", Long.toString(count));
        attributes.put("dropped_total", Long.toString(droppedTotal));
        event.setAttributes(attributes);
        return base;
    }
}
