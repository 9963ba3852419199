package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.schema.CallDirection;
import io.pbxbridge.schema.CallDisposition;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ExtensionState;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.TrunkState;

import java.util.Locale;
import java.util.function.Function;

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
        static final String[] WIRES = wires(ALL, c -> c.wire);

        public static ExtensionState map(String raw) {
            int i = indexOf(WIRES, raw);
            return i < 0 ? ExtensionState.UNKNOWN : ALL[i].state;
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
        static final String[] WIRES = wires(ALL, c -> c.wire);

        public static LegState map(String raw) {
            int i = indexOf(WIRES, raw);
            return i < 0 ? LegState.UNKNOWN : ALL[i].state;
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
        static final String[] WIRES = wires(ALL, c -> c.wire);

        public static CallDisposition map(String raw) {
            int i = indexOf(WIRES, raw);
            return i < 0 ? CallDisposition.UNKNOWN : ALL[i].disposition;
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
        static final String[] WIRES = wires(ALL, c -> c.wire);

        public static CallDirection map(String raw) {
            int i = indexOf(WIRES, raw);
            return i < 0 ? CallDirection.UNKNOWN : ALL[i].direction;
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

        /** {@code values()} copies its array at every call: this runs for every report. */
        private static final ConfigOperationCode[] ALL = values();
        static final String[] WIRES = wires(ALL, c -> c.wire);

        public static ConfigOperation map(String raw) {
            int i = indexOf(WIRES, raw);
            return i < 0 ? ConfigOperation.UNKNOWN : ALL[i].operation;
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

        /** {@code values()} copies its array at every call: this runs for every report. */
        private static final TrunkStatusCode[] ALL = values();
        static final String[] WIRES = wires(ALL, c -> c.wire);

        public static TrunkState map(String raw) {
            int i = indexOf(WIRES, raw);
            return i < 0 ? TrunkState.UNKNOWN : ALL[i].state;
        }
    }

    private static <C> String[] wires(C[] codes, Function<C, String> wire) {
        String[] wires = new String[codes.length];
        for (int i = 0; i < codes.length; i++) {
            wires[i] = wire.apply(codes[i]);
        }
        return wires;
    }

    /**
     * The index of the wire code {@code raw} names, ignoring case and surrounding blanks; -1 for none. The
     * codes of one vocabulary differ ignoring case ({@code YeastarCodesTest}), so the exact spelling, tried
     * first (it is what PBXes send), finds the same code as the comparison ignoring case.
     */
    private static int indexOf(String[] wires, String raw) {
        if (raw == null) {
            return -1;
        }
        for (int i = 0; i < wires.length; i++) {
            if (wires[i].equals(raw)) {
                return i;
            }
        }
        String trimmed = raw.trim();
        // Every wire code is ASCII: against ASCII text, ignoring case is comparing the lower cases, without
        // making them. Other text keeps the original comparison (some non-ASCII letters fold to ASCII ones).
        String lower = isAscii(trimmed) ? null : trimmed.toLowerCase(Locale.ROOT);
        for (int i = 0; i < wires.length; i++) {
            if (lower == null ? wires[i].equalsIgnoreCase(trimmed) : wires[i].toLowerCase(Locale.ROOT).equals(lower)) {
                return i;
            }
        }
        return -1;
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
