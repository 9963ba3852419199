package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Vendor;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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

    private final Set<String> used = new HashSet<>(Set.of("action", "event", "sn"));
    private final Map<String, String> extra = new LinkedHashMap<>();

    ReportContext(RawReport report, ReportObject root, PbxConfig pbx, BridgeInfo bridge) {
        this.report = report;
        this.root = root;
        this.format = ReportFormat.detect(root);
        this.pbx = pbx;
        this.bridge = bridge;
        String n = root.text("event");
        if (n == null) {
            n = root.text("action");
        }
        this.name = n == null ? "" : n;
    }

    /** Marks fields as mapped (so they are not copied to attributes). */
    void use(String... keys) {
        used.addAll(Set.of(keys));
    }

    /** Non-blank text of a field, marking it mapped. */
    String take(String key) {
        used.add(key);
        return root.nonBlank(key);
    }

    /** The first non-blank of several spellings of one field, marking all of them mapped. */
    String takeAny(String... keys) {
        use(keys);
        return root.nonBlankOf(keys);
    }

    /** An attribute that does not come from a top-level field (a party's extra field, a derived value). */
    void putAttribute(String key, String value) {
        if (value != null) {
            extra.put(key, value);
        }
    }

    /**
     * Every top-level field no mapper used, flattened: nested objects as dotted keys, arrays as JSON
     * text, a repeated key as {@code key#2}, {@code key#3}... Then the extra attributes.
     */
    Map<String, String> attributes() {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Map.Entry<String, ReportValue> e : root.entries()) {
            if (used.contains(e.getKey())) {
                continue;
            }
            int n = seen.merge(e.getKey(), 1, Integer::sum);
            flatten(n == 1 ? e.getKey() : e.getKey() + "#" + n, e.getValue(), out::put);
        }
        out.putAll(extra);
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

    EventHeader header(int index) {
        return EventHeader.newBuilder()
                .setEventId(eventId(index))
                .setPbxId(report.pbxId())
                .setVendor(Vendor.YEASTAR_S)
                .setPbxSerial(root.nonBlank("sn"))
                .setReceivedAt(report.receivedAt())
                .setReportFormat(format.wire())
                .setIngress(report.channel() == null ? IngressChannel.UNKNOWN : report.channel())
                .setRawPayload(new String(report.body(), StandardCharsets.UTF_8))
                .setBridgeVersion(bridge.version())
                .build();
    }
}
