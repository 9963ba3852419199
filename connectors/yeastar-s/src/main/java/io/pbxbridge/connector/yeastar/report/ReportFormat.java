package io.pbxbridge.connector.yeastar.report;

/**
 * The report shape actually received, detected from the payload rather than trusted from the
 * configured API version: a PBX that ignores the pinned login {@code version} (or a v2 login without
 * one) still sends the legacy shape, and must still be understood.
 */
public enum ReportFormat {
    /** Flat: {@code action}, parties as (possibly repeated) top-level {@code ext/inbound/outbound}. */
    V1_0_0("yeastar-1.0.0"),
    /** {@code action} with a {@code call[]} array of parties, or with {@code sn} (added in v1.1.0). */
    V1_1_0("yeastar-1.1.0"),
    /** {@code event} with a {@code members[]} array whose parties carry {@code channelid}. */
    V2_0_0("yeastar-2.0.0");

    private final String wire;

    ReportFormat(String wire) {
        this.wire = wire;
    }

    /** The value of {@code header.report_format}. */
    public String wire() {
        return wire;
    }

    public static ReportFormat detect(ReportObject report) {
        // Not through array(): its Optional and lambdas are made for every report.
        if (report.has("event") || report.firstOrNull("members") instanceof ReportArray) {
            return V2_0_0;
        }
        if (report.firstOrNull("call") instanceof ReportArray || report.has("sn")) {
            return V1_1_0;
        }
        return V1_0_0;
    }
}
