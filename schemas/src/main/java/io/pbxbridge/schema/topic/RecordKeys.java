package io.pbxbridge.schema.topic;

/** Builds record keys as ARCHITECTURE.md defines them, so every producer keys the same way. */
public final class RecordKeys {
    private RecordKeys() {
    }

    /** {@code pbxId/callId}: call events and CDRs of one call land on one partition, in order. */
    public static String call(String pbxId, String callId) {
        return pbxId + "/" + callId;
    }

    /** {@code pbxId/extension} on the compacted extension-status topic. */
    public static String extension(String pbxId, String extension) {
        return pbxId + "/" + extension;
    }

    /** {@code pbxId/trunk} on the compacted trunk-status topic. */
    public static String trunk(String pbxId, String trunk) {
        return pbxId + "/" + trunk;
    }

    /** {@code pbxId}: system events, commands and results. */
    public static String pbx(String pbxId) {
        return pbxId;
    }
}
