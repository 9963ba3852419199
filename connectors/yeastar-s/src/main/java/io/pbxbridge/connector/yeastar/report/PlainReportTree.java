package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.json.PlainJson;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the report model from {@link PlainJson}: the same {@link ReportObject}s as
 * {@link LenientReportReader}'s Jackson path (every occurrence of a repeated key kept, numbers and
 * booleans as their literal text), with strings decoded only when read.
 */
final class PlainReportTree implements PlainJson.Tree<List<Map.Entry<String, ReportValue>>, List<ReportValue>> {
    static final PlainReportTree INSTANCE = new PlainReportTree();

    private PlainReportTree() {
    }

    @Override
    public List<Map.Entry<String, ReportValue>> object() {
        return new ArrayList<>();
    }

    @Override
    public boolean put(List<Map.Entry<String, ReportValue>> object, String key, Object value) {
        return object.add(new AbstractMap.SimpleImmutableEntry<>(key, (ReportValue) value));
    }

    @Override
    public Object endObject(List<Map.Entry<String, ReportValue>> object) {
        return new ReportObject(object);
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
