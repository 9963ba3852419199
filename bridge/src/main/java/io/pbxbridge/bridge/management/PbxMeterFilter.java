package io.pbxbridge.bridge.management;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps the number of series independent of the fleet's size. Components label PBX meters with {@code pbx};
 * this filter decides what reaches {@code /metrics}:
 * <ul>
 *   <li>by default (fleet level) a counter's or timer's {@code pbx} label becomes the PBX's {@code vendor}, so
 *       every PBX of a vendor counts into one series; a per-PBX gauge is dropped (fleet-level gauges stand in
 *       for them: {@code pbx_sessions}, {@code pbx_sessions_buffered_events}, {@code pbx_commands_queued});</li>
 *   <li>with {@code management.per_pbx_metrics} every PBX keeps its own series, labelled {@code pbx} as the
 *       components label them (the series of earlier versions).</li>
 * </ul>
 * Vert.x client pools, which {@link BoundedLabels} names after their PBX, are named after the PBX's vendor by
 * default. Capture meters ({@code pbx_capture_*}) keep their {@code pbx} label either way: only PBXes an operator chose to
 * record have them.
 */
public final class PbxMeterFilter implements MeterFilter {
    static final String PBX = "pbx";
    static final String VENDOR = "vendor";
    static final String UNKNOWN_VENDOR = "unknown";
    static final String POOL_NAME = "pool_name";

    private final boolean perPbx;
    private volatile Function<String, String> vendorOf = id -> null;
    /** Vendors of PBXes seen configured: a PBX a reload removed still counts its last meters (its stop) under it. */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    public PbxMeterFilter(boolean perPbx) {
        this.perPbx = perPbx;
    }

    /** Where a PBX id's vendor is looked up (the running fleet; a reload changes what it answers). */
    public void vendors(Function<String, String> vendorOf) {
        this.vendorOf = id -> {
            String vendor = vendorOf.apply(id);
            if (vendor == null) {
                return known.get(id);
            }
            known.put(id, vendor);
            return vendor;
        };
    }

    public boolean perPbx() {
        return perPbx;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String pool = id.getTag(POOL_NAME);
        if (!perPbx && pool != null) {
            // BoundedLabels named a PBX's client pool after the PBX: fleet level, the pools of a vendor add up.
            String vendor = vendorOf.apply(pool);
            return vendor == null ? id : id.withTag(Tag.of(POOL_NAME, vendor));
        }
        String pbx = id.getTag(PBX);
        if (perPbx || pbx == null || keepsPbx(id) || id.getType() == Meter.Type.GAUGE) {
            return id; // per PBX: as labelled; a per-PBX gauge in fleet mode is denied below, untouched
        }
        List<Tag> tags = without(id.getTags(), PBX);
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
