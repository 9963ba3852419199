package io.pbxbridge.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What one record into a per-PBX latency timer costs on the ingress's event loop, by how the timer keeps
 * its distribution (the Prometheus registry the bridge runs). {@code plain} (count, sum, max only) is the
 * floor every configuration pays. One timer is shared by the benchmark's threads, as a PBX's timer is by the
 * ingress's event loops: {@code -t 2} measures two event loops recording into it at once.
 *
 * <pre>
 * java -jar bridge/bench/target/benchmarks.jar TimerRecordBenchmark          # one event loop
 * java -jar bridge/bench/target/benchmarks.jar TimerRecordBenchmark -t 2     # two, one timer
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class TimerRecordBenchmark {
    /**
     * {@code percentiles3}: client-side p50/p99 over Micrometer's default ring of three histograms;
     * {@code percentiles1}: the same over a ring of one (emptied every minute); {@code plain}: no distribution.
     */
    @Param({"plain", "percentiles1", "percentiles3"})
    public String timer;

    private Timer meter;

    @Setup
    public void setUp() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer.Builder builder = Timer.builder("bench_to_ack").tag("pbx", "pbx-1");
        meter = switch (timer) {
            case "plain" -> builder.register(registry);
            case "percentiles1" -> builder.publishPercentiles(0.5, 0.99).distributionStatisticBufferLength(1)
                    .distributionStatisticExpiry(Duration.ofMinutes(1)).register(registry);
            case "percentiles3" -> builder.publishPercentiles(0.5, 0.99).register(registry);
            default -> throw new IllegalArgumentException(timer);
        };
    }

    @Benchmark
    public void record() {
        // 0.5-8.9 ms, the range of receipt-to-ack times: values spread over the histograms' buckets.
        meter.record(500_000 + ThreadLocalRandom.current().nextInt(1 << 23), TimeUnit.NANOSECONDS);
    }
}
