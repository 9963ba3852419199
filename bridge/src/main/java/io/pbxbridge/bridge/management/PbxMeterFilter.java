package io.pbxbridge.bridge.management;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps the number of series independent of the fleet's size. Components label PBX meters with {@code pbx};
 * this filter decides what reaches {@code /metrics}:
 * <ul>
 *   <li>by default (fleet level) a counter's or timer's {@code pbx} label becomes the PBX's {@code vendor}, so
 *       every PBX of a vendor counts into one series; a per-PBX gauge is dropped (fleet-level gauges stand in
 *       for them: {@code pbx_sessions}, {@code pbx_sessions_buffered_events}, {@code pbx_commands_queued});</li>
 *   <li>with {@code management.per_pbx_metrics} every PBX keeps its own series, labelled {@code pbx} and
 *       {@code vendor}.</li>
 * </ul>
 * Capture meters ({@code pbx_capture_*}) keep their {@code pbx} label either way: only PBXes an operator chose to
 * record have them.
 */
public final class PbxMeterFilter implements MeterFilter {
    static final String PBX = "pbx";
    static final String VENDOR = "vendor";
    static final String UNKNOWN_VENDOR = "unknown";

    private final boolean perPbx;
    private volatile Function<String, String> vendorOf = id -> null;

    public PbxMeterFilter(boolean perPbx) {
        this.perPbx = perPbx;
    }

    /** Where a PBX id's vendor is looked up (the running fleet; a reload changes what it answers). */
    public void vendors(Function<String, String> vendorOf) {
        this.vendorOf = vendorOf;
    }

    public boolean perPbx() {
        return perPbx;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String pbx = id.getTag(PBX);
        if (pbx == null || keepsPbx(id) || (!perPbx && id.getType() == Meter.Type.GAUGE)) {
            return id; // a per-PBX gauge in fleet mode is denied below, untouched
        }
        List<Tag> tags = perPbx ? new ArrayList<>(id.getTags()) : without(id.getTags(), PBX);
        if (id.getTag(VENDOR) == null) {
            String vendor = vendorOf.apply(pbx);
            tags.add(Tag.of(VENDOR, vendor == null ? UNKNOWN_VENDOR : vendor));
        }
        return id.replaceTags(tags);
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (!perPbx && id.getType() == Meter.Type.GAUGE && id.getTag(PBX) != null && !keepsPbx(id)) {
            return MeterFilterReply.DENY;
        }
        return MeterFilterReply.NEUTRAL;
    }

    private static boolean keepsPbx(Meter.Id id) {
        return id.getName().startsWith("pbx_capture");
    }

    private static List<Tag> without(List<Tag> tags, String key) {
        List<Tag> kept = new ArrayList<>(tags.size());
        for (Tag t : tags) {
            if (!t.getKey().equals(key)) {
                kept.add(t);
            }
        }
        return kept;
    }
}
