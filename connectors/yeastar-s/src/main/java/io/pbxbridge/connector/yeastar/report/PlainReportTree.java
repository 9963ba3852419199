package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.json.PlainJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the report model from {@link PlainJson}: the same {@link ReportObject}s as
 * {@link LenientReportReader}'s Jackson path (every occurrence of a repeated key kept, numbers and
 * booleans as their literal text), with strings decoded only when read.
 */
final class PlainReportTree implements PlainJson.Tree<PlainReportTree.Fields, List<ReportValue>> {
    static final PlainReportTree INSTANCE = new PlainReportTree();
    /** A NewCdr has 13 fields, a v1.0.0 call report about as many: room for them without growing. */
    private static final int OBJECT_CAPACITY = 16;

    private PlainReportTree() {
    }

    /** An object's keys and values as read, side by side. */
    static final class Fields {
        private String[] keys = new String[OBJECT_CAPACITY];
        private ReportValue[] values = new ReportValue[OBJECT_CAPACITY];
        private int size;

        void add(String key, ReportValue value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size++] = value;
        }

        /** The arrays are handed over, not copied: this object is not added to after. */
        ReportObject toObject() {
            return new ReportObject(keys, values, size);
        }
    }

    @Override
    public Fields object() {
        return new Fields();
    }

    @Override
    public boolean put(Fields object, String key, Object value) {
        object.add(key, (ReportValue) value);
        return true;
    }

    @Override
    public Object endObject(Fields object) {
        return object.toObject();
    }

    @Override
    public List<ReportValue> array() {
        return new ArrayList<>();
    }

    @Override
    public void add(List<ReportValue> array, Object value) {
        array.add((ReportValue) value);
    }

    @Override
    public Object endArray(List<ReportValue> array) {
        return new ReportArray(array);
    }

    @Override
    public Object string(byte[] json, int start, int end, boolean escaped) {
        return new ReportScalar(json, start, end, escaped);
    }

    @Override
    public Object number(byte[] json, int start, int end, boolean integral) {
        return new ReportScalar(new String(json, start, end - start, StandardCharsets.US_ASCII), false);
    }

    @Override
    public Object literal(Boolean value) {
        return new ReportScalar(value.toString(), false);
    }

    @Override
    public Object nullValue() {
        return ReportScalar.NULL;
    }
}
