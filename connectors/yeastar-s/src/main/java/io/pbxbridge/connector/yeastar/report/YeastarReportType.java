package io.pbxbridge.connector.yeastar.report;

import java.util.Locale;
import java.util.Optional;

/** The report names Yeastar puts in {@code action} (v1) or {@code event} (v2), with their wire spelling. */
public enum YeastarReportType {
    BOOT_UP("BootUp"),
    CONFIG_CHANGE("ConfigChange"),
    EXTENSION_STATUS("ExtensionStatus"),
    RING("RING"),
    ALERT("ALERT"),
    ANSWER("ANSWER"),
    ANSWERED("ANSWERED"),
    BYE("BYE"),
    /** Yeastar's spelling. The 2017 guide's table says "Transfer", so that is accepted as an alias. */
    TRANFER("Tranfer"),
    CALL_FAILED("CallFailed"),
    DTMF("DTMF"),
    NEW_CDR("NewCdr"),
    INVITE("Invite"),
    INCOMING("Incoming"),
    PLAY_PROMPT_END("PlayPromptEnd"),
    SATISFACTION("satisfaction"),
    CALL_STATUS("CallStatus"),
    CONFERENCE_STATUS("ConferenceStatus"),
    QUEUE_AUTO_PAUSE("QueueAutoPause"),
    UACSTA_CALL("uacstacall");

    private static final java.util.Map<String, YeastarReportType> BY_WIRE = java.util.Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(t -> t.wire, t -> t));

    private final String wire;

    YeastarReportType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Case-insensitive: OEM firmwares are not consistent about case. Empty when the name is unknown. */
    public static Optional<YeastarReportType> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim();
        YeastarReportType exact = BY_WIRE.get(n); // as documented: no need to compare ignoring case
        if (exact != null) {
            return Optional.of(exact);
        }
        if (n.equalsIgnoreCase("Transfer")) {
            return Optional.of(TRANFER);
        }
        for (YeastarReportType t : values()) {
            if (t.wire.equalsIgnoreCase(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Undocumented trunk status report: any name mentioning a trunk (checked with its fields by the caller). */
    public static boolean looksLikeTrunkReport(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).contains("trunk");
    }
}
