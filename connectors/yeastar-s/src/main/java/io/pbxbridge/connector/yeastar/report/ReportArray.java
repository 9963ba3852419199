package io.pbxbridge.connector.yeastar.report;

import java.util.List;
import java.util.stream.Collectors;

/** A JSON array, items in order. */
public record ReportArray(List<ReportValue> items) implements ReportValue {

    public ReportArray {
        items = List.copyOf(items);
    }

    @Override
    public String toJson() {
        return items.stream().map(ReportValue::toJson).collect(Collectors.joining(",", "[", "]"));
    }
}
