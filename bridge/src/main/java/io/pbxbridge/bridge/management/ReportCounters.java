package io.pbxbridge.bridge.management;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code pbx_reports_received_total} and {@code pbx_reports_dead_lettered_total}, whichever way a report came: posted
 * to the ingress or pushed over a session's WebSocket. One instance per counting side, on the same registry: the
 * meters are the same. Counters are looked up once per PBX (configured ids only) and reused.
 */
public final class ReportCounters {
    private final MeterRegistry registry;
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

    public ReportCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void received(String pbxId) {
        received.computeIfAbsent(pbxId, id -> Counter.builder("pbx_reports_received").tag("pbx", id)
                .description("Reports accepted for processing (posted to the ingress or pushed over a session)")
                .register(registry)).increment();
    }

    public void deadLettered(String pbxId) {
        deadLettered.computeIfAbsent(pbxId, id -> Counter.builder("pbx_reports_dead_lettered").tag("pbx", id)
                .description("Reports that could not be normalized and went to the dead-letter topic")
                .register(registry)).increment();
    }
}
