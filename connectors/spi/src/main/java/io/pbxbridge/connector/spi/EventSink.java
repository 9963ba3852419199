package io.pbxbridge.connector.spi;

import io.vertx.core.Future;

import java.util.List;

/**
 * Where a session publishes what it learns (WebSocket notifications, lifecycle events, polled CDRs).
 * The future completes when Kafka has acknowledged every record, or fails when it cannot: with an
 * {@link UnencodableRecordException} when a record can never be written (nothing was sent; dead-letter the
 * input), with anything else when Kafka did not acknowledge in time (try again later).
 */
public interface EventSink {
    Future<Void> publish(List<NormalizedRecord> records);
}
