package io.pbxbridge.connector.yeastar.api;

/**
 * The three Yeastar S-Series API generations. The version decides the URL prefix, the report
 * {@code version} pinned at login (and so the report format) and how calls are addressed.
 */
public enum YeastarApiVersion {
    /** 2017 API: flat reports, parties as repeated {@code "ext"} keys (invalid JSON). */
    V1_0_0("1.0.0", null),
    /** {@code call[]} arrays thanks to the login {@code version} "1.0.2"; adds {@code sn}. */
    V1_1_0("1.1.0", "1.0.2"),
    /** {@code event} key, {@code members[]} with {@code channelid}; call control by channel. */
    V2_0_0("2.0.0", "2.0.0");

    private final String wire;
    private final String reportVersion;

    YeastarApiVersion(String wire, String reportVersion) {
        this.wire = wire;
        this.reportVersion = reportVersion;
    }

    /** As it appears in the URL: {@code /api/v1.1.0/login}. */
    public String wire() {
        return wire;
    }

    /** The login {@code version} that pins the report format; null for v1.0.0 (no such field). */
    public String reportVersion() {
        return reportVersion;
    }

    public String path(String endpoint) {
        return "/api/v" + wire + "/" + endpoint;
    }

    public static YeastarApiVersion parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("v")) {
            t = t.substring(1);
        }
        for (YeastarApiVersion v : values()) {
            if (v.wire.equals(t)) {
                return v;
            }
        }
        if (t.equals("1.0.1")) {
            return V1_0_0;
        }
        throw new IllegalArgumentException("unsupported Yeastar API version '" + text
                + "' (supported: 1.0.0, 1.1.0, 2.0.0)");
    }
}
