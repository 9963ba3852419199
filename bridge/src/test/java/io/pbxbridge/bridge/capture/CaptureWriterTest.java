package io.pbxbridge.bridge.capture;

import io.pbxbridge.bridge.config.RecordingConfig;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.TlsSettings;
import io.pbxbridge.connector.spi.capture.CaptureHeader;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.CaptureLine;
import io.pbxbridge.connector.spi.capture.CaptureReader;
import io.pbxbridge.connector.spi.capture.CapturedInput;
import io.pbxbridge.connector.spi.settings.OptionSet;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capture writer: secrets masked (login answers and account listings as the vendor documents print them),
 * everything else byte for byte, the size limit, and a full queue that drops and counts instead of waiting.
 */
class CaptureWriterTest {
    private static final BridgeInfo BRIDGE = new BridgeInfo("1.2.3", "bridge-a");
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");
    private static final String PASSWORD = "Api-Pa55word";
    private static final String REPORT_SECRET = "0123456789abcdef-report";
    private static final String WS_PASSWORD = "Web-Pa55word";
    private static final OptionSet OPTIONS = OptionSet.of(
            Setting.of("ws_password", ValueType.text()), Setting.of("call_control", ValueType.bool()));

    private static PbxConfig pbx() {
        return new PbxConfig("hq", "grandstream-ucm", URI.create("https://10.0.0.6:8089"), "cdrapi", Secret.of(PASSWORD),
                "1.0", Secret.of(REPORT_SECRET), List.of(), TlsSettings.verifyingDefaults(), Duration.ofMinutes(4),
                ZoneId.of("Europe/Berlin"), OPTIONS.parse(Map.of("ws_password", WS_PASSWORD, "call_control", "false")));
    }

    private static List<CaptureLine> lines(byte[] file) throws IOException {
        List<CaptureLine> out = new ArrayList<>();
        try (CaptureReader reader = new CaptureReader(new ByteArrayInputStream(file))) {
            for (CaptureLine l = reader.next(); l != null; l = reader.next()) {
                out.add(l);
            }
        }
        return out;
    }

    private static CapturedInput input(CaptureLine line) {
        return ((CaptureLine.Input) line).input();
    }

    @Test
    void theHeaderNamesThePbxAndItsOptionsButNoSecret(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hq.jsonl");
        CaptureWriter writer = CaptureWriter.open(pbx(), new RecordingConfig(file, 1 << 20), BRIDGE);
        writer.close(5_000);

        try (CaptureReader reader = CaptureReader.open(file)) {
            CaptureHeader h = reader.header();
            assertThat(h.vendor()).isEqualTo("grandstream-ucm");
            assertThat(h.pbxId()).isEqualTo("hq");
            assertThat(h.apiVersion()).isEqualTo("1.0");
            assertThat(h.timeZone()).isEqualTo("Europe/Berlin");
            assertThat(h.options()).isEqualTo(Map.of("call_control", "false"));
            assertThat(h.bridgeVersion()).isEqualTo("1.2.3");
            assertThat(reader.next()).isNull();
        }
        assertThat(Files.readString(file)).doesNotContain(WS_PASSWORD).doesNotContain(PASSWORD);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as("call data: the bridge's user only").isEqualTo("rw-------");
        }
    }

    @Test
    void secretsAreMaskedEverythingElseIsKeptByteForByte(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hq.jsonl");
        CaptureWriter writer = CaptureWriter.open(pbx(), new RecordingConfig(file, 1 << 20), BRIDGE);
        // seed 004 "Login": the answer carries the session cookie.
        String ucmLogin = "{\n    \"response\": {\n        \"cookie\": \"sid1652831717-1574421057\"\n    },\n    \"status\": 0\n}";
        // pbx-api-facts A.1: the Yeastar login answer carries the token.
        String yeastarLogin = "{\"status\":\"Success\",\"token\":\"48a7d7481a5355aa4fb5dc285edeb40e\"}";
        // seed 004 Table 8 getSIPAccount: the SIP and voicemail passwords.
        String account = "{\"response\":{\"extension\":{\"extension\":\"1000\",\"secret\":\"pas0\",\"vmsecret\":\"5333\","
                + "\"user_outrt_passwd\":null,\"fullname\":\"Ann\"}},\"status\":0}";
        // A body that happens to echo the bridge's report URL (with its secret) and the API password.
        String echo = "{\"url\":\"http://10.0.0.9:8260/report/hq/" + REPORT_SECRET + "\",\"note\":\"" + PASSWORD + "\"}";
        String frame = "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ExtensionStatus\",\"eventbody\":"
                + "[{\"extension\":\"1000\",\"status\":\"Idle\"}]}]}";
        writer.record(CaptureKinds.API, "login", ucmLogin.getBytes(StandardCharsets.UTF_8), AT);
        writer.record(CaptureKinds.API, "login", yeastarLogin.getBytes(StandardCharsets.UTF_8), AT);
        writer.record(CaptureKinds.API, "getSIPAccount", account.getBytes(StandardCharsets.UTF_8), AT);
        writer.record(CaptureKinds.REPORT, null, echo.getBytes(StandardCharsets.UTF_8), AT);
        writer.record(CaptureKinds.WS, null, frame.getBytes(StandardCharsets.UTF_8), AT.plusMillis(7));
        writer.close(5_000);

        String text = Files.readString(file);
        for (String secret : List.of("sid1652831717-1574421057", "48a7d7481a5355aa4fb5dc285edeb40e", "pas0", "5333",
                REPORT_SECRET, PASSWORD)) {
            assertThat(text).as("the capture file").doesNotContain(secret);
        }
        List<CaptureLine> lines = lines(Files.readAllBytes(file));
        assertThat(lines).hasSize(5);
        assertThat(new String(input(lines.get(0)).body(), StandardCharsets.UTF_8)).contains("\"cookie\":\"******\"");
        assertThat(new String(input(lines.get(1)).body(), StandardCharsets.UTF_8)).contains("\"token\":\"******\"")
                .contains("\"status\":\"Success\"");
        assertThat(new String(input(lines.get(2)).body(), StandardCharsets.UTF_8)).contains("\"fullname\":\"Ann\"")
                .contains("\"user_outrt_passwd\":null");
        assertThat(new String(input(lines.get(3)).body(), StandardCharsets.UTF_8)).contains("/report/hq/******");
        assertThat(input(lines.get(4)).body()).as("nothing to mask: the frame as received")
                .isEqualTo(frame.getBytes(StandardCharsets.UTF_8));
        assertThat(input(lines.get(4)).receivedAt()).isEqualTo(AT.plusMillis(7));
        assertThat(text.lines().filter(l -> l.contains("\"masked\":true")).count()).isEqualTo(4);
    }

    @Test
    void recordingStopsAtTheSizeLimitWithAnEndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hq.jsonl");
        int limit = 8192;
        CaptureWriter writer = CaptureWriter.open(pbx(), new RecordingConfig(file, limit), BRIDGE);
        byte[] report = ("{\"event\":\"NewCdr\",\"callid\":\"" + "9".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 100; i++) {
            writer.record(CaptureKinds.REPORT, null, report, AT.plusSeconds(i));
        }
        writer.close(5_000);
        writer.record(CaptureKinds.REPORT, null, report, AT);

        assertThat(writer.full()).isTrue();
        assertThat(Files.size(file)).isLessThanOrEqualTo(limit);
        List<CaptureLine> lines = lines(Files.readAllBytes(file));
        assertThat(lines.get(lines.size() - 1)).isInstanceOfSatisfying(CaptureLine.Gap.class,
                gap -> assertThat(gap.what()).contains("record_max_bytes (8192) reached"));
        assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(l -> assertThat(input(l).body()).isEqualTo(report));
        assertThat(writer.linesWritten()).isEqualTo(lines.size() - 1).isLessThan(100);
    }

    @Test
    void aFileAlreadyAtItsLimitIsNotWrittenTo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hq.jsonl");
        Files.write(file, new byte[5000]);
        CaptureWriter writer = CaptureWriter.open(pbx(), new RecordingConfig(file, 5000), BRIDGE);
        writer.record(CaptureKinds.REPORT, null, "{}".getBytes(StandardCharsets.UTF_8), AT);
        writer.close(5_000);
        assertThat(writer.full()).isTrue();
        assertThat(Files.size(file)).isEqualTo(5000);
    }

    @Test
    void aSlowDiskDropsAndCountsLinesInsteadOfSlowingTheCaller() throws Exception {
        BlockingOutput disk = new BlockingOutput();
        CaptureWriter writer = CaptureWriter.start(pbx(), new RecordingConfig(Path.of("hq.jsonl"), Integer.MAX_VALUE),
                BRIDGE, disk, 0);
        disk.block();
        byte[] frame = "{\"message\":[]}".getBytes(StandardCharsets.UTF_8);
        int sent = CaptureWriter.MAX_QUEUED_LINES + 50;
        long start = System.nanoTime();
        for (int i = 0; i < sent; i++) {
            writer.record(CaptureKinds.WS, null, frame, AT.plusMillis(i));
        }
        long callerMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long dropped = writer.dropped();
        assertThat(dropped).as("the queue holds %d lines; the writer took at most one", CaptureWriter.MAX_QUEUED_LINES)
                .isBetween(49L, 50L);
        assertThat(callerMillis).as("recording never waited for the blocked disk").isLessThan(5_000);

        disk.release();
        io.pbxbridge.bridge.testkit.Await.until("queue written", () -> writer.linesWritten() == sent - dropped);
        writer.record(CaptureKinds.WS, null, frame, AT.plusSeconds(60));
        writer.close(5_000);

        List<CaptureLine> lines = lines(disk.bytes());
        assertThat(lines).hasSize((int) (sent - dropped) + 2);
        assertThat(lines.get(lines.size() - 2)).isInstanceOfSatisfying(CaptureLine.Gap.class,
                gap -> assertThat(gap.what()).isEqualTo(dropped + " lines dropped (the recorder's queue was full)"));
        assertThat(input(lines.get(lines.size() - 1)).receivedAt()).isEqualTo(AT.plusSeconds(60));
    }

    /** A disk that can be made to hang: writes wait until released. */
    private static final class BlockingOutput extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        void block() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            synchronized (this) {
                bytes.write(b, off, len);
            }
        }
    }
}
