package io.pbxbridge.connector.yeastar.sim;

/**
 * Documented {@code CallFailed} reasons. The wording differs by format: v1.0.0 uses plain words,
 * v1.1.0 SIP status lines, v2 its own list (spec §A.3.2, typos included).
 */
enum FailureReason {
    BUSY("User busy", "486 Busy Here", "User Busy"),
    UNREACHABLE("Line unreachable", "480 Temporarily unavailable", "Line Unreachable"),
    NOT_FOUND("Line unreachable", "404 NOT found", "404 NOT found"),
    DECLINED("User busy", "603 Declined", "603 Declined"),
    NO_PERMISSION("NO Outbound Restriction", "NO Outbound Restriction", "NO Outbound Restriction"),
    DND("DND", "DND", "DND");

    private final String flat;
    private final String callArray;
    private final String members;

    FailureReason(String flat, String callArray, String members) {
        this.flat = flat;
        this.callArray = callArray;
        this.members = members;
    }

    String wire(ReportFormat format) {
        return switch (format) {
            case FLAT -> flat;
            case CALL_ARRAY -> callArray;
            case MEMBERS -> members;
        };
    }
}
