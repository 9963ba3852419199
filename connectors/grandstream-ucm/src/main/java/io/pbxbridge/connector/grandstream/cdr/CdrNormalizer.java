package io.pbxbridge.connector.grandstream.cdr;

import io.pbxbridge.connector.grandstream.events.UcmHeaders;
import io.pbxbridge.connector.grandstream.events.UcmTime;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallDirection;
import io.pbxbridge.schema.CallDisposition;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@code cdrapi} (format=json) row → {@link CallRecord}. Field meanings from seed 004 Table 70's
 * example: src/dst, caller_name, start/answer/end (PBX local time, no zone), duration/billsec,
 * disposition, userfield (Inbound/Outbound/Internal), src_trunk_name/dst_trunk_name, recordfiles.
 * Newer firmware nests a call's legs as {@code main_cdr}/{@code sub_cdr_N}: the main CDR is used and
 * the row kept whole in the raw payload. The event id hangs on the pbx id and the CDR's own ids, so
 * reading the same CDR again yields the same id.
 */
public final class CdrNormalizer {
    private static final Set<String> MAPPED = Set.of("AcctId", "uniqueid", "start", "src", "caller_name", "dst",
            "duration", "billsec", "userfield", "disposition", "src_trunk_name", "dst_trunk_name", "recordfiles", "did");

    private final String pbxId;
    private final BridgeInfo bridge;
    private final ZoneId zone;

    public CdrNormalizer(String pbxId, BridgeInfo bridge, ZoneId zone) {
        this.pbxId = pbxId;
        this.bridge = bridge;
        this.zone = zone;
    }

    /** The CDR proper of a row (the main CDR of a nested row). */
    public static JsonObject main(JsonObject row) {
        Object main = row.getValue("main_cdr");
        return main instanceof JsonObject m ? m : row;
    }

    public static Long acctId(JsonObject row) {
        Object v = main(row).getValue("AcctId");
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v != null) {
            try {
                return Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public static String end(JsonObject row) {
        return text(main(row), "end");
    }

    public NormalizedRecord normalize(JsonObject row, Instant receivedAt, String model) {
        return normalize(row, receivedAt, model, IngressChannel.POLL);
    }

    public NormalizedRecord normalize(JsonObject row, Instant receivedAt, String model, IngressChannel ingress) {
        JsonObject cdr = main(row);
        String acctId = text(cdr, "AcctId");
        String uniqueId = text(cdr, "uniqueid");
        String callId = first(uniqueId, text(cdr, "session"), acctId);
        if (callId == null) {
            throw new IllegalArgumentException("CDR without AcctId, uniqueid or session");
        }
        String eventId = EventIds.of(pbxId, ("cdrapi\0" + acctId + "\0" + uniqueId).getBytes(StandardCharsets.UTF_8), 0);
        String raw = row.encode();
        EventHeader header = UcmHeaders.of(pbxId, model, bridge, eventId, receivedAt, time(text(cdr, "end")),
                UcmHeaders.CDR_FORMAT, ingress, raw);
        Map<String, String> attributes = new LinkedHashMap<>();
        cdr.forEach(e -> {
            if (!MAPPED.contains(e.getKey()) && e.getValue() != null && !e.getValue().toString().isEmpty()
                    && !(e.getValue() instanceof JsonObject)) {
                attributes.put(e.getKey(), e.getValue().toString());
            }
        });
        long subs = row.fieldNames().stream().filter(n -> n.startsWith("sub_cdr")).count();
        if (subs > 0) {
            attributes.put("sub_cdr_count", Long.toString(subs));
        }
        String userfield = text(cdr, "userfield");
        String disposition = text(cdr, "disposition");
        String recording = text(cdr, "recordfiles");
        CallRecord record = CallRecord.newBuilder()
                .setHeader(header)
                .setCallId(callId)
                .setCdrId(acctId)
                .setStartedAt(time(text(cdr, "start")))
                .setStartedAtRaw(text(cdr, "start"))
                .setCaller(text(cdr, "src"))
                .setCallerName(text(cdr, "caller_name"))
                .setCallee(text(cdr, "dst"))
                .setCallSeconds(integer(text(cdr, "duration")))
                .setTalkSeconds(integer(text(cdr, "billsec")))
                .setDirection(direction(userfield))
                .setDirectionRaw(userfield)
                .setDisposition(disposition(disposition))
                .setDispositionRaw(disposition)
                .setSourceTrunk(text(cdr, "src_trunk_name"))
                .setDestinationTrunk(text(cdr, "dst_trunk_name"))
                .setRecordingFile(recording == null ? null : recording.replaceAll("@$", ""))
                .setDid(text(cdr, "did"))
                .setAttributes(attributes)
                .build();
        return new NormalizedRecord(BridgeTopic.CDR, RecordKeys.call(pbxId, callId), record, eventId, CeTypes.cdr(),
                receivedAt);
    }

    static CallDirection direction(String userfield) {
        if (userfield == null) {
            return CallDirection.UNKNOWN;
        }
        return switch (userfield.trim().toLowerCase(Locale.ROOT)) {
            case "inbound" -> CallDirection.INBOUND;
            case "outbound" -> CallDirection.OUTBOUND;
            case "internal" -> CallDirection.INTERNAL;
            default -> CallDirection.UNKNOWN;
        };
    }

    static CallDisposition disposition(String raw) {
        if (raw == null) {
            return CallDisposition.UNKNOWN;
        }
        return switch (raw.trim().toUpperCase(Locale.ROOT).replace('_', ' ')) {
            case "ANSWERED" -> CallDisposition.ANSWERED;
            case "NO ANSWER", "NOANSWER" -> CallDisposition.NO_ANSWER;
            case "BUSY" -> CallDisposition.BUSY;
            case "FAILED", "CONGESTION" -> CallDisposition.FAILED;
            case "VOICEMAIL" -> CallDisposition.VOICEMAIL;
            default -> CallDisposition.UNKNOWN;
        };
    }

    private Instant time(String pbxTime) {
        return UcmTime.parse(pbxTime, zone);
    }

    private static Integer integer(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String text(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
