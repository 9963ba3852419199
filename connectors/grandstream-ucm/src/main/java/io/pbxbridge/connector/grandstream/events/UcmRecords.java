package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.ExtensionState;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.TrunkState;
import io.pbxbridge.schema.TrunkStatus;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Normalizes UCM WebSocket notify frames into the bridge's records (the same schemas as Yeastar).
 *
 * <p>Frame shape (spec B.3): {@code {"message":[{"action":"notify","eventname":…,"eventbody":[…]}]}};
 * {@code message} may also be a single object. ActiveCallStatus goes through an
 * {@link ActiveCallChannelTracker} when one is given (the live WebSocket), or is mapped leg by leg
 * without state (a pushed report or a frame given to the CLI: see {@link #statelessTransitions}).
 * ExtensionStatus and TrunkStatus become status records, PbxStatus a PbxEvent, and any other event
 * name a PbxEvent UNMODELLED_REPORT carrying the frame. Every record's {@code event_id} is
 * {@code EventIds.of(pbxId, id source, index)}: the frame bytes for reports, the frame plus its place
 * in the stream for live frames (see {@link #normalize(byte[], byte[], Instant, String, IngressChannel, String, ActiveCallChannelTracker)}).
 */
public final class UcmNotifyNormalizer {
    private final String pbxId;
    private final BridgeInfo bridge;
    private final boolean callControl;

    public UcmNotifyNormalizer(String pbxId, BridgeInfo bridge, boolean callControl) {
        this.pbxId = pbxId;
        this.bridge = bridge;
        this.callControl = callControl;
    }

    /** The notify items of a frame; empty for responses and frames of other shapes. */
    public static List<JsonObject> notifications(JsonObject frame) {
        List<JsonObject> out = new ArrayList<>();
        Object message = frame.getValue("message");
        if (message == null && frame.containsKey("eventname")) {
            message = frame;
        }
        if (message instanceof JsonObject one) {
            addIfNotify(one, out);
        } else if (message instanceof JsonArray many) {
            for (Object o : many) {
                if (o instanceof JsonObject item) {
                    addIfNotify(item, out);
                }
            }
        }
        return out;
    }

    private static void addIfNotify(JsonObject item, List<JsonObject> out) {
        String action = item.getString("action");
        if ((action == null || "notify".equalsIgnoreCase(action)) && item.getValue("eventname") != null) {
            out.add(item);
        }
    }

    /**
     * Normalizes every notify item of one frame.
     *
     * @param tracker the live call tracker, or null for the stateless mapping
     */
    public List<NormalizedRecord> normalize(byte[] frameBytes, Instant receivedAt, String model,
                                            IngressChannel ingress, String format, ActiveCallChannelTracker tracker) {
        return normalize(frameBytes, frameBytes, receivedAt, model, ingress, format, tracker);
    }

    /**
     * As above, with the bytes event ids are derived from ({@code idSource}, index). A report the PBX
     * may send again hashes its own bytes; a live WebSocket frame (never re-sent, but identical frames
     * recur: "1001 InUse" on every call) hashes the frame with its place in the stream.
     */
    public List<NormalizedRecord> normalize(byte[] frameBytes, byte[] idSource, Instant receivedAt, String model,
                                            IngressChannel ingress, String format, ActiveCallChannelTracker tracker) {
        JsonObject frame = new JsonObject(new String(frameBytes, StandardCharsets.UTF_8));
        String raw = new String(frameBytes, StandardCharsets.UTF_8);
        List<NormalizedRecord> out = new ArrayList<>();
        int[] index = {0};
        for (JsonObject notify : notifications(frame)) {
            String eventName = notify.getValue("eventname").toString();
            List<JsonObject> body = bodyItems(notify.getValue("eventbody"));
            switch (eventName) {
                case "ActiveCallStatus" -> {
                    for (JsonObject item : body) {
                        List<CallTransition> steps = tracker != null ? tracker.apply(item) : statelessTransitions(item);
                        for (CallTransition step : steps) {
                            out.add(callEvent(step, header(idSource, index[0]++, receivedAt, model, ingress, format, raw), receivedAt));
                        }
                    }
                }
                case "ExtensionStatus" -> {
                    for (JsonObject item : body) {
                        NormalizedRecord r = extensionStatus(item, () -> header(idSource, index[0]++, receivedAt, model, ingress, format, raw), receivedAt);
                        if (r != null) {
                            out.add(r);
                        }
                    }
                }
                case "TrunkStatus" -> {
                    for (JsonObject item : body) {
                        NormalizedRecord r = trunkStatus(item, () -> header(idSource, index[0]++, receivedAt, model, ingress, format, raw), receivedAt);
                        if (r != null) {
                            out.add(r);
                        }
                    }
                }
                default -> {
                    boolean pbxStatus = "PbxStatus".equals(eventName);
                    out.add(pbxEvent(pbxStatus ? PbxEventType.UNKNOWN : PbxEventType.UNMODELLED_REPORT, eventName,
                            flatten(body), header(idSource, index[0]++, receivedAt, model, ingress, format, raw), receivedAt));
                }
            }
        }
        return out;
    }

    /** Records for the lifecycle steps a resync derived; ids come from the snapshot text. */
    public List<NormalizedRecord> resyncRecords(byte[] snapshot, byte[] idSource, List<CallTransition> steps, Instant at,
                                                String model) {
        String raw = new String(snapshot, StandardCharsets.UTF_8);
        List<NormalizedRecord> out = new ArrayList<>();
        int i = 0;
        for (CallTransition step : steps) {
            out.add(callEvent(step, header(idSource, i++, at, model, IngressChannel.WEBSOCKET, UcmHeaders.RESYNC_FORMAT, raw), at));
        }
        return out;
    }

    /** An ExtensionStatus record from a listAccount row built during resync; index continues after the call steps. */
    public NormalizedRecord accountStatus(byte[] snapshot, byte[] idSource, int index, JsonObject account, Instant at,
                                          String model) {
        String raw = new String(snapshot, StandardCharsets.UTF_8);
        return extensionStatus(account, () -> header(idSource, index, at, model, IngressChannel.WEBSOCKET, UcmHeaders.RESYNC_FORMAT, raw), at);
    }

    /**
     * Without tracker state each leg is judged on its own: an inbound trunk leg ringing with Call
     * Control on → INBOUND_REQUEST; Ring/Ringing → RINGING; Up or bridged → ANSWERED; a hold state →
     * HELD; a delete (which names only the channel, so the call is unknown and call_id is the channel)
     * → UPDATED with the leg HUNG_UP; anything else → UPDATED. The stateless mapping cannot tell the
     * last leg's delete (ENDED) or repeated frames apart; the live WebSocket path can.
     */
    public List<CallTransition> statelessTransitions(JsonObject item) {
        String action = item.getString("action") == null ? "update" : item.getValue("action").toString().toLowerCase(Locale.ROOT);
        String typeRaw = "ActiveCallStatus/" + action;
        if (item.containsKey("channel1") || item.containsKey("channel2")) {
            List<Party> parties = new ArrayList<>();
            for (String n : List.of("1", "2")) {
                String channel = UcmLeg.text(item, "channel" + n);
                if (channel != null) {
                    parties.add(new UcmLeg(channel, null, UcmLeg.text(item, "uniqueid" + n), "Up", "bridge",
                            UcmLeg.text(item, "callerid" + n), UcmLeg.text(item, "name" + n), null, null,
                            UcmLeg.text(item, "inbound_trunk_name"), UcmLeg.text(item, "outbound_trunk_name"), null,
                            "1".equals(n)).toParty("delete".equals(action) ? LegState.UNKNOWN : null));
                }
            }
            String callId = first(UcmLeg.text(item, "linkedid"), UcmLeg.text(item, "uniqueid1"), UcmLeg.text(item, "channel1"));
            CallEventType type = "delete".equals(action) ? CallEventType.UPDATED : CallEventType.ANSWERED;
            return callId == null ? List.of() : List.of(new CallTransition(type, callId, typeRaw, parties,
                    "delete".equals(action) ? "bridge removed" : null, Map.of()));
        }
        String channel = UcmLeg.text(item, "channel");
        if (channel == null) {
            return List.of();
        }
        UcmLeg probe = UcmLeg.fromFrame(item, false);
        UcmLeg leg = probe.withCaller(probe.isTrunk() && probe.inboundTrunk() != null);
        String callId = first(leg.linkedid(), leg.uniqueid(), channel);
        if ("delete".equals(action)) {
            return List.of(new CallTransition(CallEventType.UPDATED, callId, typeRaw, List.of(leg.toParty(LegState.HUNG_UP)),
                    "channel deleted", Map.of()));
        }
        CallEventType type;
        if (callControl && leg.inboundRinging() && leg.caller()) {
            type = CallEventType.INBOUND_REQUEST;
        } else if (leg.held()) {
            type = CallEventType.HELD;
        } else if (leg.up()) {
            type = CallEventType.ANSWERED;
        } else if (leg.ringing()) {
            type = CallEventType.RINGING;
        } else {
            type = CallEventType.UPDATED;
        }
        return List.of(new CallTransition(type, callId, typeRaw, List.of(leg.toParty(null)), null, Map.of()));
    }

    NormalizedRecord callEvent(CallTransition step, EventHeader header, Instant at) {
        CallEvent event = CallEvent.newBuilder()
                .setHeader(header)
                .setCallId(step.callId())
                .setType(step.type())
                .setTypeRaw(step.typeRaw())
                .setParties(step.parties())
                .setReason(step.reason())
                .setAttributes(new LinkedHashMap<>(step.attributes()))
                .build();
        return new NormalizedRecord(BridgeTopic.CALL_EVENTS, RecordKeys.call(pbxId, step.callId()), event,
                header.getEventId(), CeTypes.call(step.type()), at);
    }

    private NormalizedRecord extensionStatus(JsonObject item, java.util.function.Supplier<EventHeader> header, Instant at) {
        String extension = UcmLeg.text(item, "extension");
        if (extension == null) {
            return null;
        }
        String raw = UcmLeg.text(item, "status");
        EventHeader h = header.get();
        ExtensionStatus status = ExtensionStatus.newBuilder()
                .setHeader(h)
                .setExtension(extension)
                .setStatus(extensionState(raw))
                .setStatusRaw(raw == null ? "" : raw)
                .setAttributes(attributes(item, "extension", "status"))
                .build();
        return new NormalizedRecord(BridgeTopic.EXTENSION_STATUS, RecordKeys.extension(pbxId, extension), status,
                h.getEventId(), CeTypes.extensionStatus(), at);
    }

    private NormalizedRecord trunkStatus(JsonObject item, java.util.function.Supplier<EventHeader> header, Instant at) {
        String trunk = first(UcmLeg.text(item, "trunk_name"), UcmLeg.text(item, "trunk"), UcmLeg.text(item, "name"),
                UcmLeg.text(item, "trunk_index"));
        if (trunk == null) {
            return null;
        }
        String raw = UcmLeg.text(item, "status");
        EventHeader h = header.get();
        TrunkStatus status = TrunkStatus.newBuilder()
                .setHeader(h)
                .setTrunk(trunk)
                .setStatus(trunkState(raw))
                .setStatusRaw(raw == null ? "" : raw)
                .setTrunkType(first(UcmLeg.text(item, "trunk_type"), UcmLeg.text(item, "type")))
                .setAttributes(attributes(item, "status"))
                .build();
        return new NormalizedRecord(BridgeTopic.TRUNK_STATUS, RecordKeys.trunk(pbxId, trunk), status,
                h.getEventId(), CeTypes.trunkStatus(), at);
    }

    private NormalizedRecord pbxEvent(PbxEventType type, String typeRaw, Map<String, String> attributes, EventHeader header,
                                      Instant at) {
        PbxEvent event = PbxEvent.newBuilder()
                .setHeader(header)
                .setType(type)
                .setTypeRaw(typeRaw)
                .setAttributes(attributes)
                .build();
        return new NormalizedRecord(BridgeTopic.SYSTEM, RecordKeys.pbx(pbxId), event, header.getEventId(),
                CeTypes.system(type), at);
    }

    /** Idle→IDLE, Ringing→RINGING, InUse/Busy→BUSY, Unavailable→UNAVAILABLE, else UNKNOWN (raw kept). */
    public static ExtensionState extensionState(String raw) {
        if (raw == null) {
            return ExtensionState.UNKNOWN;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT).replace(" ", "")) {
            case "idle" -> ExtensionState.IDLE;
            case "ringing", "ring" -> ExtensionState.RINGING;
            case "inuse", "busy", "hold", "onhold" -> ExtensionState.BUSY;
            case "unavailable" -> ExtensionState.UNAVAILABLE;
            case "unregistered" -> ExtensionState.UNREGISTERED;
            case "registered" -> ExtensionState.REGISTERED;
            default -> ExtensionState.UNKNOWN;
        };
    }

    public static TrunkState trunkState(String raw) {
        if (raw == null) {
            return TrunkState.UNKNOWN;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT).replace(" ", "")) {
            case "registered", "reachable", "ok", "available" -> TrunkState.REGISTERED;
            case "unregistered", "noregistered", "notregistered" -> TrunkState.UNREGISTERED;
            case "idle" -> TrunkState.IDLE;
            case "busy", "inuse" -> TrunkState.BUSY;
            case "unreachable", "unavailable", "lagged" -> TrunkState.UNREACHABLE;
            case "failed", "rejected" -> TrunkState.FAILED;
            default -> TrunkState.UNKNOWN;
        };
    }

    private EventHeader header(byte[] bytes, int index, Instant receivedAt, String model, IngressChannel ingress,
                               String format, String raw) {
        return UcmHeaders.of(pbxId, model, bridge, EventIds.of(pbxId, bytes, index), receivedAt, null, format, ingress, raw);
    }

    private static List<JsonObject> bodyItems(Object body) {
        List<JsonObject> out = new ArrayList<>();
        if (body instanceof JsonObject one) {
            out.add(one);
        } else if (body instanceof JsonArray many) {
            for (Object o : many) {
                if (o instanceof JsonObject item) {
                    out.add(item);
                }
            }
        }
        return out;
    }

    private static Map<String, String> flatten(List<JsonObject> body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < body.size(); i++) {
            String prefix = body.size() == 1 ? "" : i + ".";
            body.get(i).forEach(e -> out.put(prefix + e.getKey(), e.getValue() == null ? "" : e.getValue().toString()));
        }
        return out;
    }

    private static Map<String, String> attributes(JsonObject item, String... skip) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> skipped = List.of(skip);
        item.forEach(e -> {
            if (!skipped.contains(e.getKey()) && e.getValue() != null) {
                out.put(e.getKey(), e.getValue().toString());
            }
        });
        return out;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
