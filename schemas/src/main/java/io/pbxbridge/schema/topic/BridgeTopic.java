package io.pbxbridge.schema.topic;

/**
 * The topics of the bridge, with their default names (after the configurable prefix), how they are
 * keyed and whether they are compacted. The wire name is {@code prefix + suffix}, default prefix
 * {@code "pbx."}.
 */
public enum BridgeTopic {
    CALL_EVENTS("call-events", false, "pbxId/callId"),
    CDR("cdr", false, "pbxId/callId"),
    EXTENSION_STATUS("extension-status", true, "pbxId/extension"),
    TRUNK_STATUS("trunk-status", true, "pbxId/trunk"),
    SYSTEM("system", false, "pbxId"),
    COMMANDS("commands", false, "pbxId"),
    COMMAND_RESULTS("command-results", false, "pbxId"),
    DLQ("dlq", false, "pbxId (when known)"),
    SCHEMAS("schemas", true, "schema fingerprint (hex)");

    public static final String DEFAULT_PREFIX = "pbx.";

    private final String suffix;
    private final boolean compacted;
    private final String keyDescription;

    BridgeTopic(String suffix, boolean compacted, String keyDescription) {
        this.suffix = suffix;
        this.compacted = compacted;
        this.keyDescription = keyDescription;
    }

    /** The name after the prefix, e.g. {@code call-events}. */
    public String suffix() {
        return suffix;
    }

    public boolean compacted() {
        return compacted;
    }

    public String keyDescription() {
        return keyDescription;
    }

    public String nameWith(String prefix) {
        return prefix + suffix;
    }

    /** The default wire name, e.g. {@code pbx.call-events}. */
    public String defaultName() {
        return nameWith(DEFAULT_PREFIX);
    }
}
