package io.pbxbridge.bridge.ingress;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.DeadLetters;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.schema.Vendor;

import java.util.List;

/**
 * What the ingress publishes for one accepted report body: the normalizer's records, or the report whole on
 * the dead-letter topic with the reason (source detail: the report path without its secret). The
 * {@code normalize} command replays a capture's reports through this, as {@link ReportIngressServer} handles them.
 */
public final class ReportRecords {
    /** @param deadLetterReason why the report went to the dead-letter topic; null when it was normalized */
    public record Outcome(List<NormalizedRecord> records, String deadLetterReason) {
        public boolean deadLettered() {
            return deadLetterReason != null;
        }
    }

    private ReportRecords() {
    }

    public static Outcome of(ReportNormalizer normalizer, Vendor vendor, RawReport report, BridgeInfo bridge) {
        try {
            return new Outcome(normalizer.normalize(report), null);
        } catch (MalformedReportException | RuntimeException | StackOverflowError e) {
            // A stack overflow is the input's (nested deeper than a parser without a depth limit can follow).
            String reason = e instanceof MalformedReportException ? e.getMessage()
                    : "normalizer failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Outcome(List.of(deadLetter(vendor, report, reason, bridge)), reason);
        }
    }

    /** The report whole on the dead-letter topic with {@code reason} (source detail: its path without the secret). */
    public static NormalizedRecord deadLetter(Vendor vendor, RawReport report, String reason, BridgeInfo bridge) {
        return DeadLetters.forReport(report, vendor, reason, bridge, ReportPaths.masked(report.pbxId()));
    }
}
