package io.pbxbridge.connector.spi.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlainJsonTest {
    /** Plain Java values; numbers as their literal text with an "#" in front (and "." when not integral). */
    private static final PlainJson.Tree<Map<String, Object>, List<Object>> TREE = new PlainJson.Tree<>() {
        @Override
        public Map<String, Object> object() {
            return new LinkedHashMap<>();
        }

        @Override
        public boolean put(Map<String, Object> object, String key, Object value) {
            return object.putIfAbsent(key, value) == null; // repeated keys declined, to test the refusal
        }

        @Override
        public Object endObject(Map<String, Object> object) {
            return object;
        }

        @Override
        public List<Object> array() {
            return new ArrayList<>();
        }

        @Override
        public void add(List<Object> array, Object value) {
            array.add(value);
        }

        @Override
        public Object endArray(List<Object> array) {
            return array;
        }

        @Override
        public Object string(byte[] json, int start, int end, boolean escaped) {
            return PlainJson.text(json, start, end, escaped);
        }

        @Override
        public Object number(byte[] json, int start, int end, boolean integral) {
            String literal = new String(json, start, end - start, StandardCharsets.US_ASCII);
            return literal.equals("999") ? null : (integral ? "#" : "#.") + literal;
        }

        @Override
        public Object literal(Boolean value) {
            return value;
        }

        @Override
        public Object nullValue() {
            return "<null>";
        }
    };

    private static Object read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Object read(byte[] json) {
        return PlainJson.readObject(json, TREE, 4);
    }

    @Test
    void readsEveryKindOfValue() {
        Object root = read(" {\"s\":\"text\", \"i\":-12,\"f\":1.5e+3,\"z\":0,\"t\":true,\"n\":null,\"a\":[1,[],{}],"
                + "\"o\":{\"k\":\"v\"},\"e\":\"\"}\r\n\t");
        assertThat(root).isEqualTo(Map.of("s", "text", "i", "#-12", "f", "#.1.5e+3", "z", "#0", "t", true, "n", "<null>",
                "a", List.of("#1", List.of(), Map.of()), "o", Map.of("k", "v"), "e", ""));
    }

    @Test
    void decodesEscapesAndUnicode() {
        Object root = read("{\"q\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\",\"u\":\"\\u00e9\\u4e2d\\ud83d\\ude00\\uD800\","
                + "\"raw\":\"é中😀\",\"k\\u0065y\":1}");
        assertThat(root).isEqualTo(Map.of("q", "a\"b\\c/d\b\f\n\r\t", "u", "é中😀\uD800", "raw", "é中😀", "key", "#1"));
    }

    @Test
    void keysAreReusedAndStayDistinctWhenTheirSlotsCollide() {
        // Same length, first, middle and last byte: the same hash slot; the bytes must still decide.
        StringBuilder json = new StringBuilder("{");
        for (char c = 'a'; c <= 'z'; c++) {
            json.append("\"x").append(c).append("y").append(c).append("z\":\"").append(c).append("\",");
        }
        json.setLength(json.length() - 1);
        json.append('}');
        for (int round = 0; round < 3; round++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) read(json.toString());
            assertThat(root).hasSize(26);
            for (char c = 'a'; c <= 'z'; c++) {
                assertThat(root.get("x" + c + "y" + c + "z")).isEqualTo(String.valueOf(c));
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> again = (Map<String, Object>) read("{\"callid\":1}");
        assertThat(again.keySet().iterator().next()).as("a known key is the interned literal").isSameAs("callid");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "[]", "\"s\"", "1", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,}", "{\"a\":1}x", "{\"a\":1}{}",
            "{\"a\":[1,]}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":NaN}",
            "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{'a':1}", "{a:1}", "{\"a\":\"x\\q\"}", "{\"a\":\"\\u12G4\"}",
            "{\"a\":\"tab\there\"}", "{\"a\":\"line\nbreak\"}", "{/*c*/\"a\":1}", "{\"a\":1 2}", "{\"a\" 1}",
            "{\"a\":[[[[1]]]]}", "{\"a\":1,\"a\":2}", "{\"a\":999}", "\uFEFF{\"a\":1}",
            "{\"a\":1234567890123456789012345678901234567890123456789012345678901234567890}"
    })
    void leavesEverythingElseToTheCallersParser(String json) {
        assertThat(read(json)).isNull();
    }

    @Test
    void everyTruncationIsLeftToTheCallersParser() {
        String json = "{\"a\":\"x\\u00e9\",\"b\":[1,-2.5e3,true,false,null],\"c\":{\"d\":\"é\"}}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(read(bytes)).isNotNull();
        for (int n = 0; n < bytes.length; n++) {
            assertThat(read(java.util.Arrays.copyOf(bytes, n))).as("first %d bytes", n).isNull();
        }
    }

    @Test
    void invalidUtf8IsLeftToTheCallersParser() {
        byte[][] bodies = {
                {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'},                 // truncated sequence
                {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'},                 // lone continuation
                {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},    // overlong '/'
                {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // encoded surrogate
                {'{', '"', (byte) 0xFF, '"', ':', '1', '}'},                          // in a key
        };
        for (byte[] body : bodies) {
            assertThat(read(body)).isNull();
        }
    }
}
