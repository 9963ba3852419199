package io.pbxbridge.bridge.ingress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pbxbridge.bridge.management.ReportCounters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ingress meters. Labels stay low-cardinality: a PBX id only for configured PBXes (never for an
 * id taken from a rejected request), and a fixed set of rejection reasons.
 */
public final class IngressMetrics {
    /** Why a report was not accepted. */
    public enum Rejection {
        /** 404. */
        UNKNOWN_PBX, BAD_SECRET, SOURCE_NOT_ALLOWED,
        /** 413. */
        TOO_LARGE,
        /** 503: past {@code max_in_flight}; Kafka did not acknowledge in time; the bridge is stopping; it failed. */
        OVERLOADED, KAFKA_UNAVAILABLE, SHUTTING_DOWN, INTERNAL_ERROR,
        /** 408: the body did not arrive within {@code body_timeout}. */
        BODY_TIMEOUT,
        /** No answer possible: the connection closed or its framing broke before the body was complete. */
        INCOMPLETE,
        /** 417: an {@code Expect} other than {@code 100-continue}. */
        EXPECTATION_FAILED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    // Meters are looked up once per PBX (configured ids only) and reused: this runs for every report.
    private final ReportCounters reports;
    private final Map<String, Counter> duplicates = new ConcurrentHashMap<>();
    private final Map<String, Timer> acked = new ConcurrentHashMap<>();
    private final Map<Rejection, Counter> rejected = new ConcurrentHashMap<>();

    public IngressMetrics(MeterRegistry registry, Supplier<Number> inFlight) {
        this.registry = registry;
        this.reports = new ReportCounters(registry);
        Gauge.builder("pbx_reports_in_flight", inFlight).description("Reports received, not yet acknowledged by Kafka")
                .register(registry);
    }

    public void received(String pbxId) {
        reports.received(pbxId);
    }

    public void rejected(Rejection reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("pbx_reports_rejected").tag("reason", r.tag())
                .description("Reports refused, by reason").register(registry)).increment();
    }

    public void deadLettered(String pbxId) {
        reports.deadLettered(pbxId);
    }

    /** A re-sent report answered without a second publish (it waited for the first, or Kafka had it already). */
    public void duplicate(String pbxId) {
        duplicates.computeIfAbsent(pbxId, id -> Counter.builder("pbx_reports_duplicates").tag("pbx", id)
                .description("Re-sent reports answered with the first publish's outcome instead of publishing again")
                .register(registry)).increment();
    }

    public void acked(String pbxId, Duration receiptToAck) {
        acked(pbxId, receiptToAck.toNanos());
    }

    public void acked(String pbxId, long receiptToAckNanos) {
        acked.computeIfAbsent(pbxId, id -> Timer.builder("pbx_report_ingress_to_ack").tag("pbx", id)
                .description("From report receipt to Kafka acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(registry)).record(receiptToAckNanos, TimeUnit.NANOSECONDS);
    }
}
