package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.grandstream.ws.UcmChannelSnapshot;
import io.pbxbridge.connector.grandstream.ws.UcmNotifyListener;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.SessionEvents;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The live path from the WebSocket to the sink: frames → tracker + normalizer → bounded publisher.
 * Also turns a resync snapshot into the lifecycle steps that were missed (and extension statuses
 * that changed) while the socket was down, without repeating what was already published.
 */
public final class UcmEventPipeline implements UcmNotifyListener {
    private static final Logger LOG = LoggerFactory.getLogger(UcmEventPipeline.class);

    private final String pbxId;
    private final BridgeInfo bridge;
    private final Supplier<String> model;
    private final ActiveCallChannelTracker tracker;
    private final UcmNotifyNormalizer normalizer;
    private final BoundedEventPublisher publisher;
    private final Map<String, String> extensionStatus = new HashMap<>();
    /** Names this pipeline's stream in event ids; with {@link #sequence} it tells recurring identical frames apart. */
    private final String streamId = Instant.now().toString() + "/" + Long.toHexString(System.nanoTime());
    private long sequence;

    public UcmEventPipeline(String pbxId, BridgeInfo bridge, Supplier<String> model, boolean callControl,
                            BoundedEventPublisher publisher) {
        this.pbxId = pbxId;
        this.bridge = bridge;
        this.model = model;
        this.tracker = new ActiveCallChannelTracker(callControl);
        this.normalizer = new UcmNotifyNormalizer(pbxId, bridge, callControl);
        this.publisher = publisher;
    }

    public ActiveCallChannelTracker tracker() {
        return tracker;
    }

    public BoundedEventPublisher publisher() {
        return publisher;
    }

    @Override
    public void onNotifyFrame(byte[] frame, Instant receivedAt) {
        List<NormalizedRecord> records;
        try {
            records = normalizer.normalize(frame, idSource(frame), receivedAt, model.get(), IngressChannel.WEBSOCKET,
                    UcmHeaders.WS_FORMAT, tracker);
            if (records.isEmpty() && UcmNotifyNormalizer.notifications(new JsonObject(new String(frame, StandardCharsets.UTF_8))).isEmpty()) {
                // Not a notification and not an answer we waited for: kept raw rather than dropped.
                records = List.of(unmodelled(frame, receivedAt, "frame without notifications"));
            }
        } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
            LOG.warn("PBX {}: WebSocket frame not understood ({}); published raw", pbxId, e.getMessage());
            records = List.of(unmodelled(frame, receivedAt, "WebSocket frame is not a JSON object"));
        }
        for (NormalizedRecord r : records) {
            if (r.value() instanceof ExtensionStatus s) {
                extensionStatus.put(s.getExtension(), s.getStatusRaw());
            }
        }
        publisher.offer(records);
    }

    @Override
    public void onResync(UcmChannelSnapshot snapshot, Instant at) {
        byte[] bytes = snapshot.toBytes();
        byte[] ids = idSource(bytes);
        List<CallTransition> steps = tracker.resync(snapshot.bridged(), snapshot.unbridged());
        List<NormalizedRecord> records = new ArrayList<>(normalizer.resyncRecords(bytes, ids, steps, at, model.get()));
        int index = records.size();
        for (Object o : snapshot.accounts()) {
            if (o instanceof JsonObject account && account.getValue("extension") != null) {
                String ext = account.getValue("extension").toString();
                String status = account.getValue("status") == null ? "" : account.getValue("status").toString();
                if (!status.equals(extensionStatus.get(ext))) {
                    NormalizedRecord r = normalizer.accountStatus(bytes, ids, index++, account, at, model.get());
                    if (r != null) {
                        extensionStatus.put(ext, status);
                        records.add(r);
                    }
                }
            }
        }
        LOG.info("PBX {}: resync: {} call steps and {} extension statuses recovered", pbxId, steps.size(), records.size() - steps.size());
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

    /**
     * WebSocket notifications are never re-sent, but identical frames recur (the same extension going
     * InUse on every call); hashing the stream id and the frame's sequence number with the frame keeps
     * their ids distinct.
     */
    private byte[] idSource(byte[] frame) {
        byte[] prefix = ("ucm-ws\0" + streamId + "\0" + (++sequence) + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + frame.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(frame, 0, out, prefix.length, frame.length);
        return out;
    }

    private NormalizedRecord unmodelled(byte[] frame, Instant at, String reason) {
        String eventId = EventIds.of(pbxId, idSource(frame), 0);
        PbxEvent event = PbxEvent.newBuilder()
                .setHeader(UcmHeaders.of(pbxId, model.get(), bridge, eventId, at, null, UcmHeaders.WS_FORMAT,
                        IngressChannel.WEBSOCKET, new String(frame, StandardCharsets.UTF_8)))
                .setType(PbxEventType.UNMODELLED_REPORT)
                .setTypeRaw("websocket-frame")
                .setReason(reason)
                .build();
        return new NormalizedRecord(BridgeTopic.SYSTEM, RecordKeys.pbx(pbxId), event, eventId,
                CeTypes.system(PbxEventType.UNMODELLED_REPORT), at);
    }
}
