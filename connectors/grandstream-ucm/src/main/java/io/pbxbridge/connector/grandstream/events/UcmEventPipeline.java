package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.grandstream.ws.UcmChannelSnapshot;
import io.pbxbridge.connector.grandstream.ws.UcmNotifyListener;
import io.pbxbridge.connector.grandstream.UcmCapture;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.SessionListener;
import io.pbxbridge.connector.grandstream.UcmOptions;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RateLimitedLog;
import io.pbxbridge.connector.spi.SessionEvents;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.TrafficRecorder;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The live path from the WebSocket to the sink: frames → {@link UcmStreamNormalizer} → bounded
 * publisher. A frame the normalizer refuses goes whole to the dead-letter topic with the reason. When the
 * PBX is recorded, the stream id and every frame and resync go to the recorder in the order they enter the
 * normalizer, so {@code normalize} replays them through the same code ({@link io.pbxbridge.connector.grandstream.UcmCaptureNormalizer}).
 */
public final class UcmEventPipeline implements UcmNotifyListener {
    private static final Logger LOG = LoggerFactory.getLogger(UcmEventPipeline.class);

    /** A broken firmware may send the same bad frame many times a second: a few lines, then a count. */
    private final RateLimitedLog notUnderstood = RateLimitedLog.warn(LOG);
    private final String pbxId;
    private final BridgeInfo bridge;
    private final Supplier<String> model;
    private final UcmStreamNormalizer normalizer;
    private final BoundedEventPublisher publisher;
    private final SessionListener listener;
    private final TrafficRecorder recorder;

    public UcmEventPipeline(PbxConfig pbx, BridgeInfo bridge, Supplier<String> model, BoundedEventPublisher publisher) {
        this(pbx, bridge, model, publisher, TrafficRecorder.NONE, SessionListener.NONE);
    }

    /** @param listener told of every frame received and whether it was dead-lettered (the bridge's report counters) */
    public UcmEventPipeline(PbxConfig pbx, BridgeInfo bridge, Supplier<String> model, BoundedEventPublisher publisher,
                            TrafficRecorder recorder, SessionListener listener) {
        this.listener = listener;
        this.pbxId = pbx.id();
        this.bridge = bridge;
        this.model = model;
        // The stream id keeps event ids of this session's frames apart from those of earlier runs.
        String streamId = Instant.now() + "/" + Long.toHexString(System.nanoTime());
        this.normalizer = new UcmStreamNormalizer(pbx.id(), bridge, pbx.options().get(UcmOptions.CALL_CONTROL),
                pbx.timeZone(), IngressChannel.WEBSOCKET, streamId);
        this.publisher = publisher;
        this.recorder = recorder;
        recorder.record(CaptureKinds.SESSION, null, CaptureKinds.sessionBody(streamId), Instant.now());
    }

    public ActiveCallChannelTracker tracker() {
        return normalizer.tracker();
    }

    public BoundedEventPublisher publisher() {
        return publisher;
    }

    @Override
    public void onNotifyFrame(byte[] frame, Instant receivedAt) {
        recorder.record(CaptureKinds.WS, null, frame, receivedAt);
        boolean[] deadLettered = {false};
        publisher.offer(normalizer.frameOrDeadLetter(frame, receivedAt, model.get(), reason -> {
            deadLettered[0] = true;
            notUnderstood.log("PBX {}: WebSocket frame not understood ({}); sending it to the dead-letter topic",
                    pbxId, reason);
        }));
        listener.onReportReceived(pbxId, deadLettered[0]);
    }

    @Override
    public void onResync(UcmChannelSnapshot snapshot, Instant at) {
        if (recorder.active()) {
            recorder.record(UcmCapture.RESYNC, null, snapshot.toBytes(), at);
        }
        int before = normalizer.tracker().activeCalls();
        var records = normalizer.resync(snapshot, at, model.get());
        LOG.info("PBX {}: resync: {} records recovered ({} calls tracked before, {} after)", pbxId, records.size(),
                before, normalizer.tracker().activeCalls());
        publisher.offer(records);
    }

    @Override
    public void onFramesDropped(long count) {
        publisher.countDropped(count);
    }

    @Override
    public void onProblem(PbxEventType type, String reason, Integer retryAfterSeconds) {
        publisher.offer(List.of(SessionEvents.of(pbxId, Vendor.GRANDSTREAM_UCM, bridge, type, reason, retryAfterSeconds,
                Instant.now())));
    }
}
