package io.pbxbridge.connector.yeastar.sim;

/**
 * A snapshot of report delivery: generated = queued for delivery, attempts = POSTs made (including
 * re-sends), undeliverable = dropped because the queue was full or the attempt limit was reached.
 */
public record ReportCounters(long generated, long delivered, long attempts, long pending, long undeliverable) {
}
