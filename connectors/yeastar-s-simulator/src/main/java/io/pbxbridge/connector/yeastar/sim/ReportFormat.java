package io.pbxbridge.connector.yeastar.sim;

/**
 * The report body shape, fixed per client by the login {@code version} (spec §A.0): absent means the
 * 2017 flat format (even on the v2 API), {@code "1.0.2"} the {@code call[]} arrays, {@code "2.0.0"}
 * the {@code event}/{@code members[]} format.
 */
public enum ReportFormat {
    /** v1.0.0: {@code action}, parties as repeated top-level keys (invalid JSON), no {@code sn}. */
    FLAT,
    /** v1.1.0 with login version 1.0.2: {@code action}, {@code call[]}, {@code sn}. */
    CALL_ARRAY,
    /** v2.0.0: {@code event}, {@code members[]} with {@code channelid}/{@code memberstatus}, {@code sn}. */
    MEMBERS;

    static ReportFormat fromLoginVersion(String version) {
        if (version == null || version.isBlank()) {
            return FLAT;
        }
        return switch (version.trim()) {
            case "1.0.2" -> CALL_ARRAY;
            case "2.0.0" -> MEMBERS;
            default -> FLAT;
        };
    }
}
