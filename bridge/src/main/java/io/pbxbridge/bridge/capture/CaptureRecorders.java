package io.pbxbridge.bridge.capture;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.bridge.config.RecordingConfig;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.capture.TrafficRecorder;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The capture writers of the recorded PBXes ({@code record_to}, {@code run --record}), one per PBX, with their
 * meters {@code pbx_capture_bytes{pbx}} and {@code pbx_capture_dropped_total{pbx}}. Every other PBX gets
 * {@link TrafficRecorder#NONE}.
 */
public final class CaptureRecorders {
    private final Map<String, CaptureWriter> writers;

    private CaptureRecorders(Map<String, CaptureWriter> writers) {
        this.writers = writers;
    }

    /** Opens a writer per recording. Blocking (files): call off the event loop. */
    public static CaptureRecorders open(List<PbxConfig> pbxes, Map<String, RecordingConfig> recordings, BridgeInfo bridge,
                                        MeterRegistry registry) throws IOException {
        Map<String, CaptureWriter> writers = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, RecordingConfig> e : recordings.entrySet()) {
                PbxConfig pbx = pbxes.stream().filter(p -> p.id().equals(e.getKey())).findFirst()
                        .orElseThrow(() -> new IOException("cannot record PBX " + e.getKey() + ": no PBX has that id"));
                CaptureWriter writer = CaptureWriter.open(pbx, e.getValue(), bridge);
                writers.put(pbx.id(), writer);
                Gauge.builder("pbx_capture_bytes", writer, CaptureWriter::bytesWritten).tag("pbx", pbx.id())
                        .description("Size of the PBX's capture file (record_to)").register(registry);
                FunctionCounter.builder("pbx_capture_dropped", writer, CaptureWriter::dropped).tag("pbx", pbx.id())
                        .description("Inputs not recorded because the capture writer fell behind").register(registry);
            }
        } catch (IOException e) {
            new CaptureRecorders(writers).close();
            throw e;
        }
        return new CaptureRecorders(writers);
    }

    /** Where the PBX's traffic goes: its writer, or nowhere. */
    public TrafficRecorder recorder(String pbxId) {
        CaptureWriter w = writers.get(pbxId);
        return w == null ? TrafficRecorder.NONE : w;
    }

    public Optional<CaptureWriter> writer(String pbxId) {
        return Optional.ofNullable(writers.get(pbxId));
    }

    /** Writes what is queued and closes every file. Blocking, a few seconds at most. */
    public void close() {
        writers.values().forEach(w -> w.close(5_000));
    }
}
