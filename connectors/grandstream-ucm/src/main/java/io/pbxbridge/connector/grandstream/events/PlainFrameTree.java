package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.spi.json.PlainJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds from {@link PlainJson} what Vert.x's {@code Json.decodeValue} builds (Jackson's untyped
 * deserializer): ArrayLists of Strings, Booleans, nulls, and numbers as Integer when they fit, else Long,
 * and Double for fractions; objects as {@link FrameMap}s (equal to Vert.x's LinkedHashMaps, same order,
 * cheaper to build for the few lookups a frame gets). A repeated key, and an integer that may not fit a
 * long (a BigInteger there), go to Vert.x.
 */
final class PlainFrameTree implements PlainJson.Tree<Map<String, Object>, List<Object>> {
    static final PlainFrameTree INSTANCE = new PlainFrameTree();
    /** Longest integer literal (with its sign) that surely fits a long. */
    private static final int LONG_DIGITS = 18;
    /** Room for a notify's fields; an ActiveCallStatus item's 18 grow it once. */
    private static final int OBJECT_CAPACITY = 8;

    private PlainFrameTree() {
    }

    @Override
    public Map<String, Object> object() {
        return new FrameMap(OBJECT_CAPACITY);
    }

    @Override
    public boolean put(Map<String, Object> object, String key, Object value) {
        // A repeated key is Vert.x's to read (rare; its handling of one is Jackson's business).
        return ((FrameMap) object).addNew(key, value);
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
        return start == end ? "" : PlainJson.text(json, start, end, escaped); // (UCM frames have many empty fields)
    }

    @Override
    public Object number(byte[] json, int start, int end, boolean integral) {
        if (!integral) {
            return Double.valueOf(new String(json, start, end - start, StandardCharsets.US_ASCII));
        }
        if (end - start > LONG_DIGITS) {
            return null;
        }
        long value = integer(json, start, end);
        if (value == (int) value) {
            return Integer.valueOf((int) value); // (not in a ?: with a Long, which would make it a Long)
        }
        return Long.valueOf(value);
    }

    /** {@code Long.parseLong} of an integer literal the reader checked (an optional minus, then digits; 18 at most). */
    private static long integer(byte[] json, int start, int end) {
        boolean negative = json[start] == '-';
        long value = 0;
        for (int i = negative ? start + 1 : start; i < end; i++) {
            value = value * 10 + (json[i] - '0');
        }
        return negative ? -value : value;
    }

    @Override
    public Object literal(Boolean value) {
        return value;
    }

    @Override
    public Object nullValue() {
        return null;
    }
}
