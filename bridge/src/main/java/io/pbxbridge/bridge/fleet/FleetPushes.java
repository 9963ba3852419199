package io.pbxbridge.bridge.fleet;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.connector.spi.sim.PushObserver;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every report the fleet's PBXes pushed to the bridge and how it was answered: counts by answer (200, 503,
 * another status, none) and the POST → 200 latency over the whole run (percentiles that do not decay, so a
 * benchmark reads the run's, not the last minutes'). Shared by the shards; thread-safe.
 */
final class FleetPushes implements PushObserver {
    private final LongAdder ok = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder otherStatus = new LongAdder();
    private final LongAdder unanswered = new LongAdder();
    private final Timer okLatency = Timer.builder("fleet_push_ok")
            .publishPercentiles(0.5, 0.99).percentilePrecision(2)
            .distributionStatisticExpiry(Duration.ofDays(365)).distributionStatisticBufferLength(1)
            .register(new SimpleMeterRegistry());

    @Override
    public void answered(int status, long nanos) {
        switch (status) {
            case 200 -> {
                ok.increment();
                okLatency.record(nanos, TimeUnit.NANOSECONDS);
            }
            case 503 -> unavailable.increment();
            case 0 -> unanswered.increment();
            default -> otherStatus.increment();
        }
    }

    /** The counts and latencies now, into {@code stats}. */
    FleetStats addTo(FleetStats stats) {
        HistogramSnapshot s = okLatency.takeSnapshot();
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile v : s.percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MILLISECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MILLISECONDS);
            }
        }
        return stats.withPushes(new FleetStats.Pushes(ok.sum(), unavailable.sum(), otherStatus.sum(),
                unanswered.sum(), p50, p99, s.max(TimeUnit.MILLISECONDS)));
    }
}
