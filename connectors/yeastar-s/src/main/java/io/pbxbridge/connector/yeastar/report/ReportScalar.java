package io.pbxbridge.connector.yeastar.report;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.pbxbridge.connector.spi.json.PlainJson;

import java.util.Objects;

/**
 * A string, number, boolean or null. Yeastar sends numbers as strings or as numbers depending on the
 * firmware, so both are read through {@link #text()}: a number keeps its literal text.
 *
 * <p>A string read by {@link PlainReportTree} keeps its span of the body and is decoded when first read:
 * most reports carry fields no mapper reads except into attributes, and some no one reads at all.
 */
public final class ReportScalar implements ReportValue {

    public static final ReportScalar NULL = new ReportScalar(null, false);

    private String text;
    private final boolean quoted;
    /** The body the text is a span of; null when made from text. */
    private final byte[] source;
    private final int start;
    private final int end;
    private final boolean escaped;

    /**
     * @param text   the literal text (null for JSON null)
     * @param quoted true when it was a JSON string
     */
    public ReportScalar(String text, boolean quoted) {
        this.text = text;
        this.quoted = quoted;
        this.source = null;
        this.start = 0;
        this.end = 0;
        this.escaped = false;
    }

    /** A JSON string still as its bytes between the quotes (see {@link PlainJson#text}). */
    ReportScalar(byte[] source, int start, int end, boolean escaped) {
        this.source = source;
        this.start = start;
        this.end = end;
        this.escaped = escaped;
        this.quoted = true;
    }

    /** The literal text (null for JSON null). */
    @Override
    public String text() {
        String t = text;
        if (t == null && source != null) {
            t = PlainJson.text(source, start, end, escaped); // decoded twice at worst if threads race
            text = t;
        }
        return t;
    }

    /** True when it was a JSON string. */
    public boolean quoted() {
        return quoted;
    }

    @Override
    public String toJson() {
        String t = text();
        if (t == null) {
            return "null";
        }
        return quoted ? "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(t)) + "\"" : t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportScalar other && quoted == other.quoted && Objects.equals(text(), other.text());
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(text()) + Boolean.hashCode(quoted);
    }

    @Override
    public String toString() {
        return "ReportScalar[text=" + text() + ", quoted=" + quoted + "]";
    }
}
