package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Builds the {@link PbxEvent}s a session emits about itself (up, down, re-login, auth failed, locked
 * out). Reasons must never contain a secret: callers pass error codes and descriptions only.
 */
public final class SessionEvents {
    private SessionEvents() {
    }

    public static NormalizedRecord of(String pbxId, Vendor vendor, BridgeInfo bridge, PbxEventType type,
                                      String reason, Integer retryAfterSeconds, Instant at) {
        return of(pbxId, vendor, bridge, type, reason, retryAfterSeconds, at, Map.of());
    }

    /** @param attributes added to the event's attributes (besides {@code instance}); never a secret */
    public static NormalizedRecord of(String pbxId, Vendor vendor, BridgeInfo bridge, PbxEventType type,
                                      String reason, Integer retryAfterSeconds, Instant at,
                                      Map<String, String> attributes) {
        String raw = "{\"session_event\":\"" + type.name() + "\",\"instance\":\"" + escape(bridge.instanceId())
                + "\",\"at\":\"" + at + "\",\"reason\":\"" + escape(reason == null ? "" : reason) + "\"}";
        String eventId = EventIds.of(pbxId, raw.getBytes(StandardCharsets.UTF_8), 0);
        EventHeader header = EventHeader.newBuilder()
                .setEventId(eventId)
                .setPbxId(pbxId)
                .setVendor(vendor)
                .setOccurredAt(at)
                .setReceivedAt(at)
                .setReportFormat("session")
                .setIngress(IngressChannel.SESSION)
                .setRawPayload(raw)
                .setBridgeVersion(bridge.version())
                .build();
        PbxEvent event = PbxEvent.newBuilder()
                .setHeader(header)
                .setType(type)
                .setTypeRaw(type.name())
                .setReason(reason)
                .setRetryAfterSeconds(retryAfterSeconds)
                .setAttributes(withInstance(attributes, bridge.instanceId()))
                .build();
        return new NormalizedRecord(BridgeTopic.SYSTEM, RecordKeys.pbx(pbxId), event, eventId,
                CeTypes.system(type), at);
    }

    private static Map<String, String> withInstance(Map<String, String> attributes, String instance) {
        if (attributes.isEmpty()) {
            return Map.of("instance", instance);
        }
        Map<String, String> all = new java.util.TreeMap<>(attributes);
        all.put("instance", instance);
        return all;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
