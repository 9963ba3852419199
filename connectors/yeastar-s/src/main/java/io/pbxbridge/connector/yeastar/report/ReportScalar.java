package io.pbxbridge.connector.yeastar.report;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A string, number, boolean or null. Yeastar sends numbers as strings or as numbers depending on the
 * firmware, so both are read through {@link #text()}: a number keeps its literal text.
 *
 * @param text   the literal text (null for JSON null)
 * @param quoted true when it was a JSON string
 */
public record ReportScalar(String text, boolean quoted) implements ReportValue {

    public static final ReportScalar NULL = new ReportScalar(null, false);

    @Override
    public String toJson() {
        if (text == null) {
            return "null";
        }
        return quoted ? "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"" : text;
    }
}
