package io.pbxbridge.schema.codec;

/** Names of the CloudEvents-style Kafka headers on every record the bridge writes. */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    /** {@code ce_source} of records about one PBX: {@code /pbx/<pbxId>}. */
    public static String sourceForPbx(String pbxId) {
        return "/pbx/" + pbxId;
    }
}
