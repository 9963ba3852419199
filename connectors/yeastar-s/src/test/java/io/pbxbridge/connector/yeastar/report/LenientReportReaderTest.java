package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.MalformedReportException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LenientReportReaderTest {

    private static ReportObject read(String json) throws Exception {
        return LenientReportReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsEveryOccurrenceOfARepeatedKeyInOrder() throws Exception {
        ReportObject o = read("{\"action\":\"RING\",\"ext\":{\"extid\":\"1000\"},\"x\":1,\"ext\":{\"extid\":\"1002\"}}");
        assertThat(o.all("ext")).extracting(v -> ((ReportObject) v).text("extid")).containsExactly("1000", "1002");
        assertThat(o.entries()).extracting(Map.Entry::getKey).containsExactly("action", "ext", "x", "ext");
        assertThat(o.object("ext").orElseThrow().text("extid")).as("first wins for single lookups").isEqualTo("1000");
    }

    @Test
    void numbersAndStringsReadTheSame() throws Exception {
        ReportObject o = read("{\"a\":\"3\",\"b\":3,\"c\":1495706238.328,\"d\":true,\"e\":null,\"f\":\"\"}");
        assertThat(o.text("a")).isEqualTo("3");
        assertThat(o.text("b")).isEqualTo("3");
        assertThat(o.text("c")).isEqualTo("1495706238.328");
        assertThat(o.text("d")).isEqualTo("true");
        assertThat(o.text("e")).isNull();
        assertThat(o.text("f")).isEmpty();
        assertThat(o.nonBlank("f")).isNull();
        assertThat(o.text("missing")).isNull();
    }

    @Test
    void nestedArraysAndObjects() throws Exception {
        ReportObject o = read("{\"call\":[{\"ext\":{\"extid\":[\"106\",\"101\"]}},{\"inbound\":{\"from\":\"1\"}}]}");
        ReportArray call = o.array("call").orElseThrow();
        assertThat(call.items()).hasSize(2);
        ReportObject ext = ((ReportObject) call.items().get(0)).object("ext").orElseThrow();
        assertThat(ext.array("extid").orElseThrow().items()).extracting(ReportValue::text).containsExactly("106", "101");
    }

    @Test
    void toJsonWritesRepeatedKeysAndEscapes() throws Exception {
        String json = "{\"ext\":{\"extid\":\"1000\"},\"ext\":{\"extid\":\"1002\"},\"n\":5,\"s\":\"a\\\"b\",\"z\":null,\"l\":[1,\"2\"]}";
        assertThat(read(json).toJson()).isEqualTo(json);
    }

    @Test
    void rawControlCharactersInStringsAreTolerated() throws Exception {
        assertThat(read("{\"action\":\"X\",\"name\":\"a\tb\"}").text("name")).isEqualTo("a\tb");
    }

    @Test
    void nestingDeeperThanAnyReportIsRefusedBeforeItCanExhaustTheStack() throws Exception {
        // Issue 10 item 9: 990 nested arrays passed Jackson's default limit and overflowed toJson's stack.
        String deep = "{\"event\":\"NewCdr\",\"x\":" + "[".repeat(990) + "]".repeat(990) + "}";
        assertThatThrownBy(() -> read(deep)).isInstanceOf(MalformedReportException.class)
                .hasMessageContaining("nesting depth");
        String ok = "{\"x\":" + "[".repeat(LenientReportReader.MAX_NESTING_DEPTH - 1) + "]".repeat(LenientReportReader.MAX_NESTING_DEPTH - 1) + "}";
        assertThat(read(ok).toJson()).isEqualTo(ok);
    }
}
