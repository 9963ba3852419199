package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.grandstream.ws.UcmChannelSnapshot;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.DeadLetters;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.DecodedUtf8;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The UCM's stateful normalization: the frames of one PBX, in the order they arrived, in; the records
 * the bridge publishes for them, out. The call tracker ({@link ActiveCallChannelTracker}), the
 * lifecycle rules and the header fields all live here, with no socket and no clock, so the live
 * WebSocket session and a replay of the same frames (the {@code normalize} command) run exactly the
 * same code and get the same records.
 *
 * <ul>
 *   <li>ActiveCallStatus items → the tracker's lifecycle steps as CallEvents (keyed by linkedid);</li>
 *   <li>ExtensionStatus / TrunkStatus items → status records;</li>
 *   <li>PbxStatus → a PbxEvent UNKNOWN, any other event name → a PbxEvent UNMODELLED_REPORT carrying the body;</li>
 *   <li>a JSON object with no notification → one UNMODELLED_REPORT, kept raw;</li>
 *   <li>anything else ({@link UcmFrame}: not a JSON object, a modelled event with a body it cannot
 *       use) → {@link MalformedReportException}, thrown before any state changes.</li>
 * </ul>
 *
 * <p>Event ids: with a stream id, {@code EventIds.of(pbxId, "ucm-ws\0" + streamId + "\0" + n + "\0" + frame, index)}
 * where {@code n} counts the inputs (frames and resyncs) of this stream from 1 — WebSocket frames are
 * never re-sent but identical frames recur ("1001 InUse" on every call). Without one (a report the PBX
 * may send again) the ids hash the frame alone, so a re-send gets the same ids.
 * Not thread-safe: one instance per PBX stream, used on one context.
 */
public final class UcmStreamNormalizer {
    /** Bound of the remembered extension statuses (a resync publishes only those that changed). */
    static final int MAX_EXTENSIONS = 10_000;

    private final String pbxId;
    private final BridgeInfo bridge;
    private final UcmRecords records;
    private final boolean callControl;
    /** Made on first use for one report ({@link #forOneReport}), whose only leg item needs none. */
    private ActiveCallChannelTracker tracker;
    private final boolean oneReport;
    private final IngressChannel ingress;
    private final String streamId;
    /** {@code "ucm-ws\0" + streamId + "\0"}, the start of every id source of this stream. */
    private final byte[] streamPrefix;
    /** The last status of each extension, for a resync; none for one report (made afresh per push, never resynced). */
    private final Map<String, String> extensionStatus;
    private long sequence;

    /**
     * @param zone     the PBX's {@code time_zone}: the frames print local times without a zone
     * @param ingress  how the frames arrive (WEBSOCKET live and in a replay of WebSocket frames)
     * @param streamId names this stream in event ids; null for a single report the PBX may re-send
     */
    public UcmStreamNormalizer(String pbxId, BridgeInfo bridge, boolean callControl, ZoneId zone, IngressChannel ingress,
                               String streamId) {
        this(pbxId, bridge, callControl, new ActiveCallChannelTracker(callControl), new UcmRecords(pbxId, bridge, zone),
                ingress, streamId);
    }

    /**
     * A normalizer for one report the PBX may re-send (no stream id), made afresh for every push: its tracker
     * sized for the call or two a frame names ({@link ActiveCallChannelTracker#forOneFrame}).
     */
    public static UcmStreamNormalizer forOneReport(String pbxId, BridgeInfo bridge, boolean callControl, ZoneId zone,
                                                   IngressChannel ingress) {
        return forOneReport(pbxId, bridge, callControl, new UcmRecords(pbxId, bridge, zone), ingress);
    }

    /** {@link #forOneReport(String, BridgeInfo, boolean, ZoneId, IngressChannel)} sharing the caller's (stateless) records. */
    public static UcmStreamNormalizer forOneReport(String pbxId, BridgeInfo bridge, boolean callControl, UcmRecords records,
                                                   IngressChannel ingress) {
        return new UcmStreamNormalizer(pbxId, bridge, callControl, null, records, ingress, null);
    }

    /** @param tracker the session's; null for one report ({@link #tracker()} makes one when needed) */
    private UcmStreamNormalizer(String pbxId, BridgeInfo bridge, boolean callControl, ActiveCallChannelTracker tracker,
                                UcmRecords records, IngressChannel ingress, String streamId) {
        this.pbxId = pbxId;
        this.bridge = bridge;
        this.records = records;
        this.callControl = callControl;
        this.tracker = tracker;
        this.oneReport = tracker == null;
        this.ingress = ingress;
        this.streamId = streamId;
        this.streamPrefix = streamId == null ? null : ("ucm-ws\0" + streamId + "\0").getBytes(StandardCharsets.UTF_8);
        this.extensionStatus = oneReport ? null : new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > MAX_EXTENSIONS;
            }
        };
    }

    public ActiveCallChannelTracker tracker() {
        if (tracker == null) {
            tracker = ActiveCallChannelTracker.forOneFrame(callControl);
        }
        return tracker;
    }

    /** The records of one frame, in order; an understood frame with nothing new (a repeat) gives none. */
    public List<NormalizedRecord> frame(byte[] bytes, Instant receivedAt, String model) throws MalformedReportException {
        return frame(UcmFrame.parse(bytes), bytes, receivedAt, model);
    }

    /** {@link #frame(byte[], Instant, String)} of a message already parsed from {@code bytes}. */
    public List<NormalizedRecord> frame(UcmFrame frame, byte[] bytes, Instant receivedAt, String model) {
        String raw = frame.text();
        UcmRecords.Origin origin = new UcmRecords.Origin(idHead(), bytes, receivedAt, model, UcmHeaders.WS_FORMAT,
                ingress, raw);
        if (frame.notifications().isEmpty()) {
            return List.of(records.pbxEvent(PbxEventType.UNMODELLED_REPORT, "websocket-frame",
                    "frame without notifications; kept raw", Map.of(), origin, 0));
        }
        List<NormalizedRecord> out = new ArrayList<>(2); // (a frame mostly names one item, whose step is one or two records)
        for (UcmFrame.Notification notification : frame.notifications()) {
            String name = notification.eventName();
            JsonObject notify = notification.json();
            switch (name) {
                case UcmFrame.ACTIVE_CALL_STATUS -> {
                    List<ActiveCallItem> calls = notification.calls();
                    // One report's only item: a leg's first step needs no tracker (no later frame reads it).
                    List<CallTransition> alone = oneReport && calls.size() == 1 && frame.notifications().size() == 1
                            ? ActiveCallChannelTracker.firstStepAlone(callControl, calls.get(0)) : null;
                    if (alone != null) {
                        for (CallTransition step : alone) {
                            out.add(records.callEvent(step, origin, out.size()));
                        }
                        break;
                    }
                    for (ActiveCallItem item : calls) {
                        for (CallTransition step : tracker().apply(item)) {
                            out.add(records.callEvent(step, origin, out.size()));
                        }
                    }
                }
                case UcmFrame.EXTENSION_STATUS -> {
                    for (JsonObject item : UcmFrame.items(notify)) {
                        out.add(extensionStatus(item, origin, out.size()));
                    }
                }
                case UcmFrame.TRUNK_STATUS -> {
                    for (JsonObject item : UcmFrame.items(notify)) {
                        out.add(records.trunkStatus(item, origin, out.size()));
                    }
                }
                default -> out.add(records.pbxEvent("PbxStatus".equals(name) ? PbxEventType.UNKNOWN
                                : PbxEventType.UNMODELLED_REPORT, name, null, UcmRecords.flatten(notify.getValue("eventbody")),
                        origin, out.size()));
            }
        }
        return out;
    }

    /**
     * The records the live pipeline publishes for one frame: the frame's, or its dead letter (whole, with the
     * reason) when it cannot be understood; {@code refused} is then told why.
     */
    public List<NormalizedRecord> frameOrDeadLetter(byte[] bytes, Instant receivedAt, String model, Consumer<String> refused) {
        try {
            return frame(bytes, receivedAt, model);
        } catch (MalformedReportException e) {
            refused.accept(e.getMessage());
            return List.of(DeadLetters.forReport(new RawReport(pbxId, bytes, receivedAt, IngressChannel.WEBSOCKET),
                    Vendor.GRANDSTREAM_UCM, e.getMessage(), bridge, "websocket"));
        }
    }

    /**
     * After a (re)connect: the lifecycle steps missed while the socket was down (diffed against the
     * listings) and the extension statuses that changed, without repeating what was published.
     */
    public List<NormalizedRecord> resync(UcmChannelSnapshot snapshot, Instant at, String model) {
        byte[] bytes = snapshot.toBytes();
        UcmRecords.Origin origin = new UcmRecords.Origin(idHead(), bytes, at, model, UcmHeaders.RESYNC_FORMAT,
                IngressChannel.WEBSOCKET, DecodedUtf8.decode(bytes));
        List<NormalizedRecord> out = new ArrayList<>();
        for (CallTransition step : tracker().resync(snapshot.bridged(), snapshot.unbridged())) {
            out.add(records.callEvent(step, origin, out.size()));
        }
        for (Object o : snapshot.accounts()) {
            if (o instanceof JsonObject account && UcmLeg.text(account, "extension") != null) {
                if (!statusOf(account).equals(extensionStatus.get(UcmLeg.text(account, "extension")))) {
                    out.add(extensionStatus(account, origin, out.size()));
                }
            }
        }
        return out;
    }

    private NormalizedRecord extensionStatus(JsonObject item, UcmRecords.Origin origin, int index) {
        NormalizedRecord record = records.extensionStatus(item, origin, index);
        if (extensionStatus != null) {
            extensionStatus.put(UcmLeg.text(item, "extension"), statusOf(item));
        }
        return record;
    }

    private static String statusOf(JsonObject item) {
        String status = UcmLeg.text(item, "status");
        return status == null ? "" : status;
    }

    /**
     * What the next input's ids hash in front of its bytes: {@code streamPrefix + n + "\0"}, null without a stream id.
     * Hashed ahead of the input rather than joined to it (a copy of the frame per frame).
     */
    private byte[] idHead() {
        if (streamId == null) {
            return null;
        }
        long n = ++sequence; // (from 1: positive)
        int digits = 1;
        for (long rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        byte[] head = Arrays.copyOf(streamPrefix, streamPrefix.length + digits + 1);
        for (int i = streamPrefix.length + digits - 1; i >= streamPrefix.length; i--, n /= 10) {
            head[i] = (byte) ('0' + n % 10); // Long.toString(n)'s digits, written in place (no String per frame)
        }
        return head; // ends in the 0 the copy left
    }
}
