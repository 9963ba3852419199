package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.spi.json.PlainJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds from {@link PlainJson} what Vert.x's {@code Json.decodeValue} builds (Jackson's untyped
 * deserializer): LinkedHashMaps and ArrayLists of Strings, Booleans, nulls, and numbers as Integer when
 * they fit, else Long, and Double for fractions. A repeated key, and an integer that may not fit a long
 * (a BigInteger there), go to Vert.x.
 */
final class PlainFrameTree implements PlainJson.Tree<Map<String, Object>, List<Object>> {
    static final PlainFrameTree INSTANCE = new PlainFrameTree();
    /** Longest integer literal (with its sign) that surely fits a long. */
    private static final int LONG_DIGITS = 18;
    /** An ActiveCallStatus item has 18 fields: room for them without growing the table twice. */
    private static final int OBJECT_CAPACITY = 32;

    private PlainFrameTree() {
    }

    @Override
    public Map<String, Object> object() {
        return new LinkedHashMap<>(OBJECT_CAPACITY);
    }

    @Override
    public boolean put(Map<String, Object> object, String key, Object value) {
        // A repeated key is Vert.x's to read (rare; its handling of one is Jackson's business).
        int size = object.size();
        object.put(key, value);
        return object.size() > size;
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
        if (!integral) {
            return Double.valueOf(literal);
        }
        if (end - start > LONG_DIGITS) {
            return null;
        }
        long value = Long.parseLong(literal);
        if (value == (int) value) {
            return Integer.valueOf((int) value); // (not in a ?: with a Long, which would make it a Long)
        }
        return Long.valueOf(value);
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
