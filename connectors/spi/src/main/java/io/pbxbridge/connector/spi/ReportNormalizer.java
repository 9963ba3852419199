package io.pbxbridge.connector.spi;

import java.util.List;

/**
 * Turns one vendor report into vendor-neutral records. Pure: no I/O, no clock (the receipt time is in
 * the report), safe to call from an event loop. A report that parses but is not modelled yields a
 * generic record carrying its raw payload, never nothing.
 */
public interface ReportNormalizer {
    List<NormalizedRecord> normalize(RawReport report) throws MalformedReportException;
}
