package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.grandstream.testing.Frames;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The plain path of {@link UcmFrame} gives what Vert.x gives: equal maps (a {@link FrameMap} where Vert.x
 * has a LinkedHashMap, same key order), the same lists and value classes for every frame, and the same
 * error for every malformed one.
 */
class PlainFrameTreeTest {
    private static final List<String> FRAMES = List.of(
            Frames.TRUNK_RINGING_TEXT,
            "{\"a\":1,\"b\":\"x\",\"a\":\"dup\",\"c\":{\"d\":1,\"d\":2}}",
            "{\"i\":2147483647,\"j\":2147483648,\"k\":-2147483648,\"l\":-2147483649,\"m\":123456789012345678,"
                    + "\"n\":-0,\"o\":0.5,\"p\":-1.5E-3,\"q\":1e2,\"r\":12345678901234567890123}",
            "{\"z\":0,\"one\":1,\"neg\":-7,\"max\":999999999999999999,\"min\":-99999999999999999,"
                    + "\"big\":100000000000000000,\"e\":\"\",\"list\":[\"\",0,-0,\"\"],\"have_send\":1}",
            "{\"s\":\"q\\\"\\\\\\/\\n\\u00e9\\ud83d\\ude00\",\"raw\":\"Zoë 中文 😀\",\"k\\u0065y\":null,\"t\":true,\"f\":false}",
            "{\"e\":[],\"o\":{},\"nested\":[[{\"x\":[null]}]]}",
            " {\"status\":0,\"response\":{\"need_apply\":\"no\"}} ",
            "{\"state\":\"Rin\",\"s2\":\"ring\",\"s3\":\"Ringing2\",\"s4\":\"R\\u0069ng\",\"s5\":\"Up\",\"s6\":\"s\","
                    + "\"s7\":\"ActiveCallStatuS\",\"s8\":\"ActiveCallStatus\",\"s9\":\"Ringing\",\"s10\":\"\"}");

    @Test
    void everyFrameReadsAsVertxReadsIt() throws Exception {
        for (String frame : FRAMES) {
            byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
            JsonObject plain = UcmFrame.object(bytes);
            JsonObject vertx = UcmFrame.objectWithVertx(frame);
            assertThat(plain.getMap()).as(frame).isEqualTo(vertx.getMap());
            assertSameClasses(plain.getMap(), vertx.getMap());
            assertThat(plain.encode()).isEqualTo(vertx.encode());
        }
    }

    @Test
    void plainFramesAreReadIntoFrameMaps() throws Exception {
        for (int i : new int[] {0, 3, 4, 5, 6}) {
            JsonObject plain = UcmFrame.object(FRAMES.get(i).getBytes(StandardCharsets.UTF_8));
            assertThat(plain.getMap()).as(FRAMES.get(i)).isInstanceOf(FrameMap.class);
        }
        for (int i : new int[] {1, 2}) { // a repeated key, an integer beyond a long: Vert.x's
            assertThat(UcmFrame.object(FRAMES.get(i).getBytes(StandardCharsets.UTF_8)).getMap())
                    .as(FRAMES.get(i)).isInstanceOf(java.util.LinkedHashMap.class);
        }
    }

    private static void assertSameClasses(Object plain, Object vertx) {
        if (vertx instanceof java.util.LinkedHashMap<?, ?>) {
            // the plain reader's model, or Vert.x's own where the frame was not plain (a repeated key)
            assertThat(plain.getClass()).isIn(FrameMap.class, java.util.LinkedHashMap.class);
        } else {
            assertThat(plain == null ? null : plain.getClass()).isEqualTo(vertx == null ? null : vertx.getClass());
        }
        if (plain instanceof Map<?, ?> map) {
            assertThat(List.copyOf(map.keySet())).isEqualTo(List.copyOf(((Map<?, ?>) vertx).keySet()));
            map.forEach((k, v) -> assertSameClasses(v, ((Map<?, ?>) vertx).get(k)));
        } else if (plain instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertSameClasses(list.get(i), ((List<?>) vertx).get(i));
            }
        }
    }

    @Test
    void invalidUtf8ReadsAsTheDecodedTextAsBefore() throws Exception {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', 'x', (byte) 0xC3, '"', '}'};
        JsonObject read = UcmFrame.object(bytes);
        assertThat(read.getMap()).isEqualTo(UcmFrame.objectWithVertx(new String(bytes, StandardCharsets.UTF_8)).getMap());
        assertThat(read.getString("a")).isEqualTo("x\uFFFD");
    }

    @Test
    void malformedFramesFailWithVertxsMessage() {
        byte[] sample = FRAMES.get(0).getBytes(StandardCharsets.UTF_8);
        List<byte[]> bad = new ArrayList<>();
        for (int n = 0; n < sample.length; n += 7) {
            bad.add(Arrays.copyOf(sample, n)); // truncations
        }
        for (String s : List.of("[1]", "\"s\"", "1", "{\"a\":01}", "{\"a\":1,}", "{\"a\":1}x", "{\"a\":\"\\q\"}", "{\"a\":\"raw\tcontrol\"}",
                "{\"a\":NaN}", "", "null")) {
            bad.add(s.getBytes(StandardCharsets.UTF_8));
        }
        for (byte[] body : bad) {
            String text = new String(body, StandardCharsets.UTF_8);
            MalformedReportException expected = catchThrowableOfType(() -> UcmFrame.objectWithVertx(text),
                    MalformedReportException.class);
            assertThat(expected).as(text).isNotNull();
            assertThatThrownBy(() -> UcmFrame.object(body)).as(text)
                    .isInstanceOf(MalformedReportException.class).hasMessage(expected.getMessage());
            assertThatThrownBy(() -> UcmFrame.parse(body)).as(text)
                    .isInstanceOf(MalformedReportException.class).hasMessage(expected.getMessage());
        }
    }
}
