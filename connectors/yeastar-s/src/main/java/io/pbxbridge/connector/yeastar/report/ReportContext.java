package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.DecodedUtf8;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One report being normalized: the parsed body, its detected format, and the bookkeeping of which
 * top-level fields a mapper has used, so every other field ends up in the record's attributes.
 */
final class ReportContext {
    final RawReport report;
    final ReportObject root;
    final ReportFormat format;
    final PbxConfig pbx;
    final BridgeInfo bridge;
    /** The report name as sent ({@code action} or {@code event}); empty when the report has none. */
    final String name;

    /** Per top-level entry of {@link #root}: whether a mapper used its key (every entry with that key). */
    private final boolean[] used;
    /** Attributes that do not come from a top-level field; made when the first one is put. */
    private Map<String, String> extra;
    /** The body as text, every record's raw payload: decoded once per report. */
    private String rawPayload;

    ReportContext(RawReport report, ReportObject root, PbxConfig pbx, BridgeInfo bridge) {
        this.report = report;
        this.root = root;
        this.format = ReportFormat.detect(root);
        this.pbx = pbx;
        this.bridge = bridge;
        this.used = new boolean[root.size()];
        use("action", "event", "sn");
        String n = root.text("event");
        if (n == null) {
            n = root.text("action");
        }
        this.name = n == null ? "" : n;
    }

    // A flag per entry rather than a set of used keys, found through the root's key index: this runs a
    // dozen times for every report the ingress takes.

    /** Marks fields as mapped (so they are not copied to attributes). */
    void use(String... keys) {
        for (String key : keys) {
            mark(key);
        }
    }

    /** Non-blank text of a field (its first occurrence), marking it mapped. */
    String take(String key) {
        int first = root.indexOf(key);
        if (first < 0) {
            return null;
        }
        for (int i = first; i >= 0; i = root.nextSame(i)) {
            used[i] = true;
        }
        String text = root.valueAt(first).text();
        return text == null || text.isBlank() ? null : text;
    }

    /** The first non-blank of several spellings of one field, marking all of them mapped. */
    String takeAny(String... keys) {
        use(keys);
        return root.nonBlankOf(keys);
    }

    private void mark(String key) {
        for (int i = root.indexOf(key); i >= 0; i = root.nextSame(i)) {
            used[i] = true;
        }
    }

    /** An attribute that does not come from a top-level field (a party's extra field, a derived value). */
    void putAttribute(String key, String value) {
        if (value != null) {
            if (extra == null) {
                extra = new LinkedHashMap<>();
            }
            extra.put(key, value);
        }
    }

    /**
     * Every top-level field no mapper used, flattened: nested objects as dotted keys, arrays as JSON
     * text, a repeated key as {@code key#2}, {@code key#3}... Then the extra attributes.
     */
    Map<String, String> attributes() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                continue;
            }
            String key = root.keyAt(i);
            int n = 1; // which occurrence of this key among the unused entries
            for (int j = 0; j < i; j++) {
                if (!used[j] && root.keyAt(j).equals(key)) {
                    n++;
                }
            }
            flatten(n == 1 ? key : key + "#" + n, root.valueAt(i), out::put);
        }
        if (extra != null) {
            out.putAll(extra);
        }
        return out;
    }

    static void flatten(String key, ReportValue value, BiConsumer<String, String> out) {
        if (value instanceof ReportObject obj) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (Map.Entry<String, ReportValue> e : obj.entries()) {
                int n = seen.merge(e.getKey(), 1, Integer::sum);
                flatten(key + "." + (n == 1 ? e.getKey() : e.getKey() + "#" + n), e.getValue(), out);
            }
        } else if (value instanceof ReportArray arr) {
            out.accept(key, arr.toJson());
        } else if (value.text() != null) {
            out.accept(key, value.text());
        }
    }

    String pbxId() {
        return report.pbxId();
    }

    String eventId(int index) {
        return EventIds.of(report.pbxId(), report.body(), index);
    }

    /**
     * The header; pbx_model and occurred_at stay null (a Yeastar report names neither). Built without the
     * Avro builder (its defaults cost more than the header): a field added to {@link EventHeader} without
     * a default of null must be set here (the fixtures' encoding fails until it is).
     */
    EventHeader header(int index) {
        EventHeader header = new EventHeader();
        header.setEventId(eventId(index));
        header.setPbxId(report.pbxId());
        header.setVendor(Vendor.YEASTAR_S);
        header.setPbxSerial(root.nonBlank("sn"));
        header.setReceivedAt(report.receivedAt());
        header.setReportFormat(format.wire());
        header.setIngress(report.channel() == null ? IngressChannel.UNKNOWN : report.channel());
        if (rawPayload == null) {
            rawPayload = DecodedUtf8.decode(report.body());
        }
        header.setRawPayload(rawPayload);
        header.setBridgeVersion(bridge.version());
        return header;
    }
}
