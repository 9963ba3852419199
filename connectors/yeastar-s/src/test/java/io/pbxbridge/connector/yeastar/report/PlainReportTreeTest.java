package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.MalformedReportException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The plain path of {@link LenientReportReader} gives what its Jackson path gives: the same model for
 * every fixture and edge case, and the same error for every malformed body.
 */
class PlainReportTreeTest {
    private static final List<String> EDGE_CASES = List.of(
            "{\"action\":\"RING\",\"ext\":{\"extid\":\"1000\"},\"ext\":{\"extid\":\"1002\"},\"ext\":{\"extid\":\"1000\"}}",
            "{\"a\":\"q\\\"uo\\\\te\\/\\n\\t\\r\\b\\f\",\"b\":\"\\u00e9\\u4E2D\\ud83d\\ude00\",\"k\\u0065y\":\"v\"}",
            "{\"name\":\"Zoë 中文 😀\",\"ünï\":\"ok\",\"sn\":\"3631A0000000\"}",
            "{\"callduraction\":\"29\",\"talkduraction\":29,\"agentringtime\":-0,\"f\":1.50,\"e\":1E+2,\"g\":2e-3}",
            "{\"a\":null,\"b\":true,\"c\":false,\"d\":\"\",\"e\":\"  \",\"f\":[],\"g\":{},\"h\":[null,1,\"x\",[{}]]}",
            "  {\"action\":\"NewCdr\"}\n",
            "{\"tab\":\"raw\tcontrol\"}",
            "{\"big\":123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890}");

    private static List<byte[]> corpus() throws IOException, URISyntaxException {
        List<byte[]> bodies = new ArrayList<>();
        Path reports = Path.of(PlainReportTreeTest.class.getResource("/yeastar/reports").toURI());
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                bodies.add(Files.readAllBytes(file));
            }
        }
        for (String body : EDGE_CASES) {
            bodies.add(body.getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    @Test
    void everyFixtureAndEdgeCaseReadsAsJacksonReadsIt() throws Exception {
        List<byte[]> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThan(EDGE_CASES.size() + 20);
        for (byte[] body : corpus) {
            ReportObject plain = LenientReportReader.read(body);
            ReportObject jackson = LenientReportReader.readWithJackson(body);
            assertThat(plain).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(jackson);
            assertThat(plain.toJson()).isEqualTo(jackson.toJson());
            for (var entry : plain.entries()) {
                if (entry.getValue() instanceof ReportScalar scalar) {
                    ReportScalar other = (ReportScalar) jackson.first(entry.getKey()).orElseThrow();
                    assertThat(scalar.quoted()).as("quoted: %s", entry.getKey()).isEqualTo(other.quoted());
                }
            }
        }
    }

    @Test
    void stringsAreDecodedOnlyWhenRead() throws Exception {
        ReportObject o = LenientReportReader.read("{\"a\":\"x\\u00e9\",\"b\":\"plain\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(o.first("a").orElseThrow()).isEqualTo(new ReportScalar("xé", true));
        assertThat(o.text("b")).isEqualTo("plain").isSameAs(o.text("b"));
    }

    @Test
    void malformedBodiesFailWithJacksonsMessage() {
        byte[] sample = "{\"action\":\"NewCdr\",\"callid\":\"1.2\",\"call\":[{\"ext\":{\"extid\":\"1001\"}}],\"n\":-1.5e3,\"t\":true}"
                .getBytes(StandardCharsets.UTF_8);
        List<byte[]> bad = new ArrayList<>();
        for (int n = 0; n < sample.length; n++) {
            bad.add(Arrays.copyOf(sample, n)); // every truncation
        }
        for (String s : List.of("[1]", "\"s\"", "{\"a\":01}", "{\"a\":1,}", "{\"a\":1}x", "{'a':1}", "{\"a\":\"\\q\"}",
                "{\"a\":NaN}", "{\"a\":[1,]}", " ", "null")) {
            bad.add(s.getBytes(StandardCharsets.UTF_8));
        }
        bad.add(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}); // invalid UTF-8
        String deep = "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}";
        bad.add(deep.getBytes(StandardCharsets.UTF_8));
        for (byte[] body : bad) {
            MalformedReportException expected = catchThrowableOfType(
                    () -> LenientReportReader.readWithJackson(body), MalformedReportException.class);
            assertThat(expected).as(new String(body, StandardCharsets.UTF_8)).isNotNull();
            assertThatThrownBy(() -> LenientReportReader.read(body))
                    .isInstanceOf(MalformedReportException.class).hasMessage(expected.getMessage());
        }
    }
}
