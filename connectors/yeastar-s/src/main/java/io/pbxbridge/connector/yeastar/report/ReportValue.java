package io.pbxbridge.connector.yeastar.report;

/**
 * One value of a Yeastar report as {@link LenientReportReader} read it. Unlike a JSON tree model it
 * keeps every occurrence of a repeated key, because the v1.0.0 format repeats {@code "ext"} for the
 * parties of one call.
 */
public sealed interface ReportValue permits ReportObject, ReportArray, ReportScalar {

    /** Compact JSON text of this value (repeated keys written as they came). */
    String toJson();

    /** The scalar text, or null for objects, arrays and JSON null. */
    default String text() {
        return null;
    }
}
