package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.ExtensionState;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.TrunkState;
import io.pbxbridge.schema.TrunkStatus;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the bridge's records (the same schemas as Yeastar) from what one UCM frame said, without
 * state: CallEvents from the tracker's steps, extension and trunk statuses, PbxEvents. Every record's
 * header names the PBX, its model, the ingress, the raw frame and, where the frame printed one, the
 * PBX's own time of the event ({@code occurred_at}, read in the PBX's {@code time_zone}). Its
 * {@code event_id} is {@code EventIds.of(pbxId, origin's id source, index)}.
 */
public final class UcmRecords {
    private final String pbxId;
    private final BridgeInfo bridge;
    private final ZoneId zone;

    public UcmRecords(String pbxId, BridgeInfo bridge, ZoneId zone) {
        this.pbxId = pbxId;
        this.bridge = bridge;
        this.zone = zone;
    }

    /**
     * Where records come from.
     *
     * @param idHead   hashed ahead of {@code idSource} (a stream's name and input count); null for none
     * @param idSource the bytes their event ids hash (with each record's index)
     * @param raw      the frame (or snapshot) text kept as every record's raw payload
     */
    public record Origin(byte[] idHead, byte[] idSource, Instant receivedAt, String model, String format,
                         IngressChannel ingress, String raw) {
        public Origin(byte[] idSource, Instant receivedAt, String model, String format, IngressChannel ingress, String raw) {
            this(null, idSource, receivedAt, model, format, ingress, raw);
        }
    }

    public NormalizedRecord callEvent(CallTransition step, Origin origin, int index) {
        EventHeader header = header(origin, index, step.pbxTime());
        // Without the Avro builder: the fields not set here (digits, sequence, prompt) are optional, null.
        CallEvent event = new CallEvent();
        event.setHeader(header);
        event.setCallId(step.callId());
        event.setType(step.type());
        event.setTypeRaw(step.typeRaw());
        event.setParties(step.parties());
        event.setReason(step.reason());
        event.setAttributes(new LinkedHashMap<>(step.attributes()));
        return new NormalizedRecord(BridgeTopic.CALL_EVENTS, RecordKeys.call(pbxId, step.callId()), event,
                header.getEventId(), CeTypes.call(step.type()), origin.receivedAt());
    }

    /** An ExtensionStatus item (or a listAccount row); the item must name its extension. */
    public NormalizedRecord extensionStatus(JsonObject item, Origin origin, int index) {
        String extension = UcmLeg.text(item, "extension");
        String raw = UcmLeg.text(item, "status");
        EventHeader header = header(origin, index, null);
        // Every field given (no builder: its defaults and checks cost more than the record).
        ExtensionStatus status = new ExtensionStatus(header, extension, extensionState(raw), raw == null ? "" : raw,
                attributes(item, "extension", "status"));
        return new NormalizedRecord(BridgeTopic.EXTENSION_STATUS, RecordKeys.extension(pbxId, extension), status,
                header.getEventId(), CeTypes.extensionStatus(), origin.receivedAt());
    }

    /** A TrunkStatus item; the item must name its trunk ({@link UcmFrame#trunkOf}). */
    public NormalizedRecord trunkStatus(JsonObject item, Origin origin, int index) {
        String trunk = UcmFrame.trunkOf(item);
        String raw = UcmLeg.text(item, "status");
        EventHeader header = header(origin, index, null);
        String type = UcmLeg.text(item, "trunk_type");
        TrunkStatus status = TrunkStatus.newBuilder()
                .setHeader(header)
                .setTrunk(trunk)
                .setStatus(trunkState(raw))
                .setStatusRaw(raw == null ? "" : raw)
                .setTrunkType(type != null ? type : UcmLeg.text(item, "type"))
                .setAttributes(attributes(item, "status"))
                .build();
        return new NormalizedRecord(BridgeTopic.TRUNK_STATUS, RecordKeys.trunk(pbxId, trunk), status,
                header.getEventId(), CeTypes.trunkStatus(), origin.receivedAt());
    }

    public NormalizedRecord pbxEvent(PbxEventType type, String typeRaw, String reason, Map<String, String> attributes,
                                     Origin origin, int index) {
        EventHeader header = header(origin, index, null);
        PbxEvent event = PbxEvent.newBuilder()
                .setHeader(header)
                .setType(type)
                .setTypeRaw(typeRaw)
                .setReason(reason)
                .setAttributes(attributes)
                .build();
        return new NormalizedRecord(BridgeTopic.SYSTEM, RecordKeys.pbx(pbxId), event, header.getEventId(),
                CeTypes.system(type), origin.receivedAt());
    }

    private EventHeader header(Origin origin, int index, String pbxTime) {
        return UcmHeaders.of(pbxId, origin.model(), bridge, EventIds.of(pbxId, origin.idHead(), origin.idSource(), index),
                origin.receivedAt(), UcmTime.parse(pbxTime, zone), origin.format(), origin.ingress(), origin.raw());
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

    /**
     * An unmodelled event's body as attributes, whatever its shape: an object's fields; a list's
     * entries ({@code i.field}, or {@code i} for a scalar; no prefix for a one-object list); a scalar
     * as {@code eventbody}.
     */
    public static Map<String, String> flatten(Object body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body instanceof JsonObject one) {
            one.forEach(e -> out.put(e.getKey(), text(e.getValue())));
        } else if (body instanceof JsonArray many) {
            List<Object> items = many.getList();
            for (int i = 0; i < many.size(); i++) {
                Object item = many.getValue(i);
                String prefix = items.size() == 1 ? "" : i + ".";
                if (item instanceof JsonObject o) {
                    o.forEach(e -> out.put(prefix + e.getKey(), text(e.getValue())));
                } else {
                    out.put(Integer.toString(i), text(item));
                }
            }
        } else if (body != null) {
            out.put("eventbody", body.toString());
        }
        return out;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
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
}
