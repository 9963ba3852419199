package io.pbxbridge.bridge.capture;

import io.pbxbridge.bridge.config.RecordingConfig;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.TlsSettings;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.yeastar.report.YeastarReportNormalizer;
import io.pbxbridge.schema.IngressChannel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What recording a PBX ({@code record_to}) costs the report ingress, next to what the ingress pays per report
 * anyway (normalizing it), in the same run: the {@link CaptureWriter#record} call on the event loop (a queue
 * offer), and how fast the writer thread masks, encodes and appends (is it ever the bottleneck?). Not part of
 * the test run (tag "load"):
 * <pre>
 * ./mvnw -B -pl bridge -am verify -Dgroups=load -Dtest.excludedGroups=none -Dtest=CaptureWriterBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * cat bridge/target/capture-writer-bench.txt
 * </pre>
 */
@Tag("load")
class CaptureWriterBench {
    private static final int REPORTS = 10_000;
    private static final int ROUNDS = 7;
    private static final BridgeInfo BRIDGE = new BridgeInfo("bench", "bench");

    @Test
    void costPerReport() throws Exception {
        PbxConfig pbx = new PbxConfig("hq", "yeastar-s", URI.create("https://10.0.0.5:8088"), "api",
                Secret.of("Bench-Pa55word"), "1.1.0", Secret.of("bench-report-secret-0123"), List.of(),
                TlsSettings.verifyingDefaults(), Duration.ofMinutes(5), ZoneOffset.UTC, null);
        YeastarReportNormalizer normalizer = new YeastarReportNormalizer(pbx, BRIDGE);
        byte[][] bodies = new byte[REPORTS][];
        for (int i = 0; i < REPORTS; i++) {
            bodies[i] = ("{\"action\":\"RING\",\"callid\":\"" + (1_700_000_000L + i) + ".1\",\"call\":[{\"ext\":"
                    + "{\"extid\":\"1002\"}},{\"ext\":{\"extid\":\"1001\"}}],\"sn\":\"369451090405\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        Path dir = Files.createDirectories(Path.of("target", "capture-bench"));
        long[] normalizeNs = new long[ROUNDS];
        long[] recordNs = new long[ROUNDS];
        long[] drainNs = new long[ROUNDS];
        long dropped = 0;
        long fileBytes = 0;
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Instant at = Instant.now();
            long t0 = System.nanoTime();
            for (byte[] body : bodies) {
                sink += normalizer.normalize(new RawReport("hq", body, at, IngressChannel.HTTP_REPORT)).size();
            }
            normalizeNs[round] = (System.nanoTime() - t0) / REPORTS;

            Path file = dir.resolve("round-" + round + ".jsonl");
            Files.deleteIfExists(file);
            CaptureWriter writer = CaptureWriter.open(pbx, new RecordingConfig(file, Integer.MAX_VALUE), BRIDGE);
            long t1 = System.nanoTime();
            for (byte[] body : bodies) {
                writer.record(CaptureKinds.REPORT, null, body, at);
            }
            long t2 = System.nanoTime();
            recordNs[round] = (t2 - t1) / REPORTS;
            while (writer.linesWritten() + writer.dropped() < REPORTS) {
                Thread.onSpinWait();
            }
            drainNs[round] = System.nanoTime() - t1;
            writer.close(10_000);
            dropped += writer.dropped();
            fileBytes = Files.size(file);
        }
        long normalize = median(normalizeNs);
        long record = median(recordNs);
        double drainPerSecond = REPORTS / (median(drainNs) / 1e9);
        double normalizePerSecond = 1e9 / normalize;
        String report = String.format("""
                CaptureWriter: %d Yeastar v1.1.0 RING reports per round, median of %d rounds, machine %d cores, JVM %s
                  reference: normalize one report (the ingress pays it anyway) : %d ns/report (%.0f reports/s on one core)
                  record() on the caller's thread (queue offer)                 : %d ns/report (%.2f %% of the reference)
                  writer thread: mask + encode + append to a file               : %.0f reports/s (%.2f x the normalizer's rate)
                  lines dropped over all rounds (queue full)                    : %d
                  capture file per round                                        : %d bytes (%d bytes/report)
                """, REPORTS, ROUNDS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                normalize, normalizePerSecond, record, 100.0 * record / normalize, drainPerSecond,
                drainPerSecond / normalizePerSecond, dropped, fileBytes, fileBytes / REPORTS);
        System.out.println(report);
        Files.writeString(Path.of("target", "capture-writer-bench.txt"), report);
        assertThat(sink).isPositive();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
