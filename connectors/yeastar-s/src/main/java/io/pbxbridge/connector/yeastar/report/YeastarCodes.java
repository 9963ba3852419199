package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.schema.CallDirection;
import io.pbxbridge.schema.CallDisposition;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ExtensionState;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.TrunkState;

import java.util.Locale;

/**
 * Yeastar's status vocabularies, each value with its wire code and the neutral value it maps to.
 * Matching ignores case and surrounding blanks; anything else maps to the neutral UNKNOWN and the
 * caller keeps the raw text in the record's {@code *_raw} field.
 */
public final class YeastarCodes {
    private YeastarCodes() {
    }

    /** {@code ExtensionStatus.status}. */
    public enum ExtensionStatusCode {
        IDLE("Idle", ExtensionState.IDLE),
        REGISTERED("Registered", ExtensionState.REGISTERED),
        RINGING("Ringing", ExtensionState.RINGING),
        BUSY("Busy", ExtensionState.BUSY),
        UNREGISTERED("Unregistered", ExtensionState.UNREGISTERED),
        /** OpenVox OEM firmware says InUse for an off-hook phone: the same as Yeastar's Busy. */
        IN_USE("InUse", ExtensionState.BUSY),
        UNAVAILABLE("Unavailable", ExtensionState.UNAVAILABLE);

        final String wire;
        final ExtensionState state;

        ExtensionStatusCode(String wire, ExtensionState state) {
            this.wire = wire;
            this.state = state;
        }

        /** {@code values()} copies its array at every call: this runs for every report. */
        private static final ExtensionStatusCode[] ALL = values();

        public static ExtensionState map(String raw) {
            for (ExtensionStatusCode c : ALL) {
                if (matches(c.wire, raw)) {
                    return c.state;
                }
            }
            return ExtensionState.UNKNOWN;
        }
    }

    /** v2 {@code memberstatus}. */
    public enum MemberStatusCode {
        ALERT("ALERT", LegState.RINGBACK),
        RING("RING", LegState.RINGING),
        ANSWERED("ANSWERED", LegState.CALLER_ANSWERED),
        ANSWER("ANSWER", LegState.ANSWERED),
        HOLD("HOLD", LegState.HELD),
        BYE("BYE", LegState.HUNG_UP);

        final String wire;
        final LegState state;

        MemberStatusCode(String wire, LegState state) {
            this.wire = wire;
            this.state = state;
        }

        /** {@code values()} copies its array at every call: this runs for every report. */
        private static final MemberStatusCode[] ALL = values();

        public static LegState map(String raw) {
            for (MemberStatusCode c : ALL) {
                if (matches(c.wire, raw)) {
                    return c.state;
                }
            }
            return LegState.UNKNOWN;
        }
    }

    /** NewCdr {@code status}. */
    public enum CdrStatusCode {
        ANSWERED("ANSWERED", CallDisposition.ANSWERED),
        NO_ANSWER("NO ANSWER", CallDisposition.NO_ANSWER),
        /** v2 pages print both NO ANSWER and NO ANSWERED. */
        NO_ANSWERED("NO ANSWERED", CallDisposition.NO_ANSWER),
        BUSY("BUSY", CallDisposition.BUSY),
        FAILED("FAILED", CallDisposition.FAILED),
        VOICEMAIL("VOICEMAIL", CallDisposition.VOICEMAIL);

        final String wire;
        final CallDisposition disposition;

        CdrStatusCode(String wire, CallDisposition disposition) {
            this.wire = wire;
            this.disposition = disposition;
        }

        /** {@code values()} copies its array at every call: this runs for every report. */
        private static final CdrStatusCode[] ALL = values();

        public static CallDisposition map(String raw) {
            for (CdrStatusCode c : ALL) {
                if (matches(c.wire, raw)) {
                    return c.disposition;
                }
            }
            return CallDisposition.UNKNOWN;
        }
    }

    /** NewCdr {@code type}. */
    public enum CdrTypeCode {
        INBOUND("Inbound", CallDirection.INBOUND),
        OUTBOUND("Outbound", CallDirection.OUTBOUND),
        INTERNAL("Internal", CallDirection.INTERNAL),
        CALLBACK("Callback", CallDirection.CALLBACK),
        TRANSFER("Transfer", CallDirection.TRANSFER);

        final String wire;
        final CallDirection direction;

        CdrTypeCode(String wire, CallDirection direction) {
            this.wire = wire;
            this.direction = direction;
        }

        /** {@code values()} copies its array at every call: this runs for every report. */
        private static final CdrTypeCode[] ALL = values();

        public static CallDirection map(String raw) {
            for (CdrTypeCode c : ALL) {
                if (matches(c.wire, raw)) {
                    return c.direction;
                }
            }
            return CallDirection.UNKNOWN;
        }
    }

    /** ConfigChange {@code operation}. */
    public enum ConfigOperationCode {
        ADD("add", ConfigOperation.CREATE),
        DEL("del", ConfigOperation.DELETE),
        UPDATE("update", ConfigOperation.UPDATE);

        final String wire;
        final ConfigOperation operation;

        ConfigOperationCode(String wire, ConfigOperation operation) {
            this.wire = wire;
            this.operation = operation;
        }

        public static ConfigOperation map(String raw) {
            for (ConfigOperationCode c : values()) {
                if (matches(c.wire, raw)) {
                    return c.operation;
                }
            }
            return ConfigOperation.UNKNOWN;
        }
    }

    /**
     * Trunk status (undocumented report: these are the words the PBX web UI and {@code trunklist/query}
     * use).
     */
    public enum TrunkStatusCode {
        REGISTERED("Registered", TrunkState.REGISTERED),
        UNREGISTERED("Unregistered", TrunkState.UNREGISTERED),
        IDLE("Idle", TrunkState.IDLE),
        BUSY("Busy", TrunkState.BUSY),
        UNREACHABLE("Unreachable", TrunkState.UNREACHABLE),
        FAILED("Failed", TrunkState.FAILED),
        REGISTER_FAILED("Register Failed", TrunkState.FAILED);

        final String wire;
        final TrunkState state;

        TrunkStatusCode(String wire, TrunkState state) {
            this.wire = wire;
            this.state = state;
        }

        public static TrunkState map(String raw) {
            for (TrunkStatusCode c : values()) {
                if (matches(c.wire, raw)) {
                    return c.state;
                }
            }
            return TrunkState.UNKNOWN;
        }
    }

    private static boolean matches(String wire, String raw) {
        if (raw == null) {
            return false;
        }
        String trimmed = raw.trim();
        // Every wire code is ASCII: against ASCII text, ignoring case is comparing the lower cases, without
        // making them. Other text keeps the original comparison (some non-ASCII letters fold to ASCII ones).
        return isAscii(trimmed) ? wire.equalsIgnoreCase(trimmed)
                : wire.toLowerCase(Locale.ROOT).equals(trimmed.toLowerCase(Locale.ROOT));
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
