package io.pbxbridge.connector.spi.capture;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The capture file format: what a writer puts in, a reader gets back byte for byte. */
class CaptureFormatTest {
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00.123456789Z");
    private static final CaptureHeader HEADER = new CaptureHeader(CaptureFormat.VERSION, "yeastar-s", "hq", "2.0.0",
            "Europe/Berlin", Map.of("request_timeout", "10s"), AT, "1.2.3", "bridge-a");

    private static CaptureReader read(String text) throws IOException {
        return new CaptureReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<CaptureLine> lines(CaptureReader reader) throws IOException {
        List<CaptureLine> out = new ArrayList<>();
        for (CaptureLine l = reader.next(); l != null; l = reader.next()) {
            out.add(l);
        }
        return out;
    }

    @Test
    void bodiesComeBackByteForByteWithTheirReceiptTimeKindAndDetail() throws Exception {
        // A v1.0.0 report repeats keys (not valid JSON), a WebSocket frame has escapes and non-ASCII text,
        // a recording is not UTF-8 at all.
        byte[] legacy = "{\"action\":\"RING\",\"ext\":{\"extid\":\"1000\"},\"ext\":{\"extid\":\"1002\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] frame = "{\"message\":[{\"callername\":\"Ren\u00e9e \\\"R\\\"\",\"tab\":\"a\\tb\"}]}\r".getBytes(StandardCharsets.UTF_8);
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1, '\n', 2};
        String file = CaptureFormat.headerLine(HEADER) + "\n"
                + CaptureFormat.inputLine(new CapturedInput(CaptureKinds.REPORT, null, AT, legacy), false) + "\n"
                + CaptureFormat.inputLine(new CapturedInput(CaptureKinds.WS, null, AT.plusMillis(1), frame), false) + "\n"
                + "\n"
                + CaptureFormat.inputLine(new CapturedInput(CaptureKinds.API, "recapi", AT.plusMillis(2), binary), true) + "\n";

        CaptureReader reader = read(file);
        assertThat(reader.header()).isEqualTo(HEADER);
        List<CaptureLine> lines = lines(reader);
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).isInstanceOf(CaptureLine.Input.class));
        CapturedInput report = ((CaptureLine.Input) lines.get(0)).input();
        assertThat(report.kind()).isEqualTo("report");
        assertThat(report.receivedAt()).isEqualTo(AT);
        assertThat(report.body()).isEqualTo(legacy);
        assertThat(((CaptureLine.Input) lines.get(1)).input().body()).isEqualTo(frame);
        CapturedInput api = ((CaptureLine.Input) lines.get(2)).input();
        assertThat(api.detail()).isEqualTo("recapi");
        assertThat(api.body()).isEqualTo(binary);
        assertThat(file).contains("\"base64\":").contains("\"masked\":true");
    }

    @Test
    void gapsAndLaterHeadersAreNamed() throws Exception {
        String file = CaptureFormat.headerLine(HEADER) + "\n"
                + CaptureFormat.droppedLine(AT, 17) + "\n"
                + CaptureFormat.omittedLine(CaptureKinds.API, "recapi", AT, 5_000_000) + "\n"
                + CaptureFormat.headerLine(HEADER) + "\n"
                + CaptureFormat.endLine(AT, "record_max_bytes (4096) reached") + "\n";

        List<CaptureLine> lines = lines(read(file));
        assertThat(lines).hasSize(4);
        assertThat(((CaptureLine.Gap) lines.get(0)).what()).contains("17 lines dropped");
        assertThat(((CaptureLine.Gap) lines.get(1)).what()).contains("api recapi of 5000000 bytes not recorded");
        assertThat(((CaptureLine.Header) lines.get(2)).header()).isEqualTo(HEADER);
        assertThat(((CaptureLine.Gap) lines.get(3)).kind()).isEqualTo(CaptureKinds.END);
    }

    @Test
    void whatIsNotACaptureIsRefusedWithTheLine() {
        assertThatThrownBy(() -> read("{\"action\":\"RING\"}\n")).hasMessageContaining("line 1").hasMessageContaining("not a capture header");
        assertThatThrownBy(() -> read("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> read("{\"pbx_capture\":99,\"vendor\":\"x\",\"pbx_id\":\"y\"}\n"))
                .hasMessageContaining("format 99 is not supported");
        assertThatThrownBy(() -> lines(read(CaptureFormat.headerLine(HEADER) + "\n{\"kind\":\"report\"}\n")))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> lines(read(CaptureFormat.headerLine(HEADER) + "\nnot json\n")))
                .hasMessageContaining("line 2").hasMessageContaining("not JSON");
        assertThat(CaptureFormat.isHeader("{\"action\":\"RING\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(CaptureFormat.isHeader(CaptureFormat.headerLine(HEADER).getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void aSessionLineNamesItsStream() {
        assertThat(CaptureKinds.streamIdOf(CaptureKinds.sessionBody("2026-11-26T10:00:00Z/1f"))).isEqualTo("2026-11-26T10:00:00Z/1f");
        assertThat(CaptureKinds.streamIdOf("nonsense".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
