package io.pbxbridge.connector.grandstream.testing;

import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a connector publishes; can be told to refuse (as an unreachable Kafka would). */
public final class RecordingSink implements EventSink {
    public final List<NormalizedRecord> records = new CopyOnWriteArrayList<>();
    public volatile boolean failing;

    @Override
    public Future<Void> publish(List<NormalizedRecord> batch) {
        if (failing) {
            return Future.failedFuture("sink refuses (test)");
        }
        records.addAll(batch);
        return Future.succeededFuture();
    }

    public List<PbxEvent> pbxEvents(PbxEventType type) {
        return records.stream().map(NormalizedRecord::value).filter(v -> v instanceof PbxEvent e && e.getType() == type)
                .map(v -> (PbxEvent) v).toList();
    }

    public List<CallEvent> callEvents() {
        return records.stream().map(NormalizedRecord::value).filter(v -> v instanceof CallEvent).map(v -> (CallEvent) v).toList();
    }

    /** "callId:TYPE" for every call event, in order: easy to compare lifecycles. */
    public List<String> lifecycle() {
        return callEvents().stream().map(e -> e.getCallId() + ":" + e.getType()).toList();
    }

    public long count(CallEventType type) {
        return callEvents().stream().filter(e -> e.getType() == type).count();
    }
}
