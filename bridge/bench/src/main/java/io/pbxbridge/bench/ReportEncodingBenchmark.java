package io.pbxbridge.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pbxbridge.connector.grandstream.events.UcmStreamNormalizer;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The CPU work the bridge does per report, one thread (so ops/s = reports/s per core): the vendor
 * normalizer through the connector SPI (as the ingress calls it) and the Avro single-object encoding of
 * every record it yields (as the publisher does before handing them to Kafka). Bodies cycle through 1024
 * call ids, so nothing is served from a cache of identical input.
 *
 * <p>UCM frames are measured twice: {@code ucmActiveCallStatus} through the connector's stateless
 * normalizer (the path of pushed reports: a fresh call tracker per push), {@code ucmLiveSession} through
 * the stateful {@link UcmStreamNormalizer} a WebSocket session keeps, fed the frames of inbound calls
 * ({@link UcmCallFrames}: 8 at once, 11 frames and 7 records per call; one op is one frame).
 *
 * <pre>./mvnw -B -q -Pbench -pl bridge/bench -am package -DskipTests
 * java -jar bridge/bench/target/benchmarks.jar</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReportEncodingBenchmark {
    private static final int BODIES = 1024;
    private static final BridgeInfo BRIDGE = new BridgeInfo("bench", "bench-1");

    /** Yeastar S API 1.1.0 NewCdr, the documented example (~330 bytes). */
    static final String NEW_CDR = "{\"action\":\"NewCdr\",\"callid\":\"%s\",\"timestart\":\"2017-09-14 09:30:15\","
            + "\"callfrom\":\"1000\",\"callto\":\"91000\",\"desttrunkname\":\"Apple_test\",\"callduraction\":\"29\","
            + "\"talkduraction\":\"29\",\"status\":\"ANSWERED\",\"type\":\"Outbound\",\"pincode\":\"1000\","
            + "\"recording\":\"20170914093038-1505352615.274-1000-91000-Outbound.wav\",\"sn\":\"3631A0000000\"}";
    /** Yeastar S API 1.1.0 RING of an internal call. */
    static final String RING = "{\"action\":\"RING\",\"callid\":\"%s\",\"call\":[{\"ext\":{\"extid\":\"1002\"}},"
            + "{\"ext\":{\"extid\":\"1001\"}}],\"sn\":\"3631A0000000\"}";
    /** A UCM WebSocket notify frame: one ActiveCallStatus item, an inbound trunk channel ringing. */
    static final String ACTIVE_CALL_STATUS = "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\","
            + "\"eventbody\":[{\"action\":\"add\",\"channel\":\"PJSIP/trunk_1-00000002\",\"chantype\":\"unbridge\","
            + "\"uniqueid\":\"%1$s\",\"linkedid\":\"%1$s\",\"state\":\"Ring\",\"service\":\"\",\"callername\":\"\","
            + "\"callernum\":\"0612345678\",\"connectedname\":\"\",\"connectednum\":\"s\",\"callid\":\"\","
            + "\"alloc_time\":\"2026-11-26 10:00:00\",\"inbound_trunk_name\":\"SIPTrunk1\",\"outbound_trunk_name\":\"\"}],"
            + "\"transactionid\":\"\"}]}";

    private static final JsonFactory JSON = new JsonFactory();
    private final SingleObjectCodec codec = new SingleObjectCodec();
    /** Topic names made once, as the publisher does. */
    private static final Map<BridgeTopic, String> TOPICS = new EnumMap<>(BridgeTopic.class);

    static {
        for (BridgeTopic topic : BridgeTopic.values()) {
            TOPICS.put(topic, topic.nameWith("pbx."));
        }
    }
    private Input yeastarNewCdr;
    private Input yeastarRing;
    private Input ucmActiveCallStatus;

    /** A normalizer and the bodies it is given in turn. */
    private record Input(String pbxId, ReportNormalizer normalizer, byte[][] bodies) {
        static Input of(String vendor, String apiVersion, IntFunction<String> body) {
            String pbxId = "bench-" + vendor;
            PbxConfig pbx = new PbxConfig(pbxId, vendor, URI.create("http://127.0.0.1:1"), "api", Secret.of("pw"),
                    apiVersion, Secret.of("0123456789abcdef-secret"), List.of(), null, Duration.ofMinutes(5),
                    ZoneOffset.UTC, PbxOptions.none());
            ReportNormalizer normalizer = Connectors.find(vendor).orElseThrow().normalizer(pbx, BRIDGE);
            byte[][] bodies = new byte[BODIES][];
            for (int i = 0; i < BODIES; i++) {
                bodies[i] = body.apply(i).getBytes(StandardCharsets.UTF_8);
            }
            return new Input(pbxId, normalizer, bodies);
        }
    }

    private long next;
    private long iterationOps;
    private long iterationCpuNanos;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * CPU time per report, printed after each iteration: on a shared machine the ops/s score depends on how
     * much of a core the benchmark thread got, the CPU time a report takes hardly does.
     */
    @Setup(Level.Iteration)
    public void startIteration() {
        iterationOps = next;
        iterationCpuNanos = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long ops = next - iterationOps;
        double nanos = (double) (THREADS.getCurrentThreadCpuTime() - iterationCpuNanos) / Math.max(1, ops);
        System.out.printf(java.util.Locale.ROOT, "  [cpu %.0f ns/report = %,.0f reports/s per core of CPU time]%n",
                nanos, 1e9 / nanos);
    }

    @Setup
    public void setUp() throws MalformedReportException {
        yeastarNewCdr = Input.of("yeastar-s", "1.1.0", i -> NEW_CDR.formatted("1505352615." + (274 + i)));
        yeastarRing = Input.of("yeastar-s", "1.1.0", i -> RING.formatted("1505352615." + (274 + i)));
        ucmActiveCallStatus = Input.of("grandstream-ucm", null, i -> ACTIVE_CALL_STATUS.formatted("1700000000." + (10 + i)));
        // Every input must normalize to records, or the benchmark would measure an error path.
        for (Input input : List.of(yeastarNewCdr, yeastarRing, ucmActiveCallStatus)) {
            List<NormalizedRecord> records = input.normalizer().normalize(report(input, 0));
            if (records.isEmpty() || records.get(0).topic() == BridgeTopic.DLQ) {
                throw new IllegalStateException(input.pbxId() + ": sample report not normalized: " + records);
            }
        }
    }

    @Benchmark
    public int yeastarNewCdr() throws MalformedReportException {
        return normalizeAndEncode(yeastarNewCdr);
    }

    @Benchmark
    public int yeastarRing() throws MalformedReportException {
        return normalizeAndEncode(yeastarRing);
    }

    @Benchmark
    public int ucmActiveCallStatus() throws MalformedReportException {
        return normalizeAndEncode(ucmActiveCallStatus);
    }

    /** One frame of the calls through a live session's normalizer, and the encoding of its records (if any). */
    @Benchmark
    public int ucmLiveSession(LiveSession session) {
        next++;
        int bytes = 0;
        for (NormalizedRecord record : session.next()) {
            bytes += codec.encode(TOPICS.get(record.topic()), record.value()).length;
        }
        return bytes;
    }

    /**
     * A WebSocket session's pipeline as {@code UcmEventPipeline} builds it, and the frames of inbound calls it is
     * fed in turn (a new pipeline each time they start over). Its own state, so only {@link #ucmLiveSession}'s
     * fork runs these frames (the other benchmarks' JIT profiles stay their own).
     */
    @State(Scope.Thread)
    public static class LiveSession {
        private static final Consumer<String> REFUSED = reason -> {
            throw new IllegalStateException("live frame refused: " + reason);
        };
        private List<byte[]> frames;
        private UcmStreamNormalizer pipeline;
        private int next;

        @Setup
        public void setUp() {
            frames = UcmCallFrames.of(512, 8);
            pipeline = pipeline();
            int records = 0;
            for (byte[] frame : frames) {
                for (NormalizedRecord record : pipeline.frameOrDeadLetter(frame, Instant.now(), null, REFUSED)) {
                    records += record.topic() == BridgeTopic.DLQ ? 1_000_000 : 1;
                }
            }
            if (records != 512 * 7) {
                throw new IllegalStateException("live frames gave " + records + " records, expected 7 per call");
            }
            pipeline = pipeline();
        }

        List<NormalizedRecord> next() {
            if (next == frames.size()) {
                next = 0;
                pipeline = pipeline();
            }
            return pipeline.frameOrDeadLetter(frames.get(next++), Instant.now(), null, REFUSED);
        }

        private static UcmStreamNormalizer pipeline() {
            return new UcmStreamNormalizer("bench-grandstream-ucm", BRIDGE, false, ZoneOffset.UTC,
                    IngressChannel.WEBSOCKET, "bench/" + Long.toHexString(System.nanoTime()));
        }
    }

    /**
     * Reference: reading the same NewCdr bodies with Jackson's streaming parser, every token and its text,
     * nothing built — the least any normalizer reading JSON does per report.
     */
    @Benchmark
    public int referenceJsonTokensNewCdr() throws java.io.IOException {
        int n = 0;
        try (JsonParser parser = JSON.createParser(yeastarNewCdr.bodies()[(int) (next++ & (BODIES - 1))])) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                n += t == JsonToken.FIELD_NAME ? parser.currentName().length() : t.isScalarValue() ? parser.getText().length() : 1;
            }
        }
        return n;
    }

    /** Normalize + encode one report; returns the bytes written so the JIT cannot drop the work. */
    private int normalizeAndEncode(Input input) throws MalformedReportException {
        int bytes = 0;
        for (NormalizedRecord record : input.normalizer().normalize(report(input, (int) (next++ & (BODIES - 1))))) {
            bytes += codec.encode(TOPICS.get(record.topic()), record.value()).length;
        }
        return bytes;
    }

    private static RawReport report(Input input, int i) {
        return new RawReport(input.pbxId(), input.bodies()[i], Instant.now(), IngressChannel.HTTP_REPORT);
    }
}
