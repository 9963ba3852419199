package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.ReportNormalizer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Normalizes every Yeastar S-Series report (API v1.0.0, v1.1.0 and v2.0.0 formats) into the
 * vendor-neutral records. The format is detected from each payload ({@link ReportFormat}), not
 * taken from the configured API version, so a PBX that ignored the pinned report version is still
 * understood. Valid JSON is never dropped: what is not modelled becomes an UNMODELLED_REPORT
 * {@code PbxEvent}; only a body that is not a JSON object is a {@link MalformedReportException}.
 */
public final class YeastarReportNormalizer implements ReportNormalizer {
    private final PbxConfig pbx;
    private final BridgeInfo bridge;

    public YeastarReportNormalizer(PbxConfig pbx, BridgeInfo bridge) {
        this.pbx = Objects.requireNonNull(pbx, "pbx");
        this.bridge = Objects.requireNonNull(bridge, "bridge");
    }

    @Override
    public List<NormalizedRecord> normalize(RawReport report) throws MalformedReportException {
        ReportObject root = LenientReportReader.read(report.body());
        ReportContext ctx = new ReportContext(report, root, pbx, bridge);
        Optional<YeastarReportType> type = YeastarReportType.fromWire(ctx.name);
        if (type.isEmpty()) {
            if (YeastarReportType.looksLikeTrunkReport(ctx.name)) {
                Optional<NormalizedRecord> trunk = StatusMapper.trunk(ctx);
                if (trunk.isPresent()) {
                    return List.of(trunk.get());
                }
            }
            String reason = ctx.name.isEmpty() ? "report has neither 'action' nor 'event'"
                    : "unmodelled Yeastar report '" + ctx.name + "'";
            return List.of(SystemEventMapper.unmodelled(ctx, reason));
        }
        return List.of(map(ctx, type.get()));
    }

    private static NormalizedRecord map(ReportContext ctx, YeastarReportType type) {
        return switch (type) {
            case BOOT_UP -> SystemEventMapper.bootUp(ctx);
            case CONFIG_CHANGE -> SystemEventMapper.configChange(ctx);
            case QUEUE_AUTO_PAUSE -> SystemEventMapper.queueAutoPause(ctx);
            case EXTENSION_STATUS -> StatusMapper.extension(ctx)
                    .orElseGet(() -> SystemEventMapper.unmodelled(ctx, type.wire() + " report without 'extension'"));
            case NEW_CDR -> CdrMapper.map(ctx)
                    .orElseGet(() -> SystemEventMapper.unmodelled(ctx, type.wire() + " report without 'callid'"));
            default -> CallEventMapper.map(ctx, type)
                    .orElseGet(() -> SystemEventMapper.unmodelled(ctx, type.wire() + " report without 'callid'"));
        };
    }
}
