package io.pbxbridge.bridge.ingress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Ingress meters. Labels stay low-cardinality: a PBX id only for configured PBXes (never for an
 * id taken from a rejected request), and a fixed set of rejection reasons.
 */
public final class IngressMetrics {
    /** Why a report was not accepted. */
    public enum Rejection {
        UNKNOWN_PBX, BAD_SECRET, SOURCE_NOT_ALLOWED, TOO_LARGE, OVERLOADED, KAFKA_UNAVAILABLE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public IngressMetrics(MeterRegistry registry, Supplier<Number> inFlight) {
        this.registry = registry;
        Gauge.builder("pbx_reports_in_flight", inFlight).description("Reports received, not yet acknowledged by Kafka")
                .register(registry);
    }

    public void received(String pbxId) {
        Counter.builder("pbx_reports_received").tag("pbx", pbxId)
                .description("Reports accepted for processing").register(registry).increment();
    }

    public void rejected(Rejection reason) {
        Counter.builder("pbx_reports_rejected").tag("reason", reason.tag())
                .description("Reports refused, by reason").register(registry).increment();
    }

    public void deadLettered(String pbxId) {
        Counter.builder("pbx_reports_dead_lettered").tag("pbx", pbxId)
                .description("Reports that could not be normalized and went to the dead-letter topic")
                .register(registry).increment();
    }

    public void acked(String pbxId, Duration receiptToAck) {
        Timer.builder("pbx_report_ingress_to_ack").tag("pbx", pbxId)
                .description("From report receipt to Kafka acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(registry).record(receiptToAck);
    }
}
