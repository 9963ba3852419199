package io.pbxbridge.schema.codec;

import java.util.Locale;

/**
 * CloudEvents {@code ce_type} values: {@code io.pbxbridge.<record>[.<type>]}, lower case with dashes,
 * e.g. {@code io.pbxbridge.call.ringing}, {@code io.pbxbridge.system.session-up}.
 */
public final class CeTypes {
    public static final String PREFIX = "io.pbxbridge.";

    private CeTypes() {
    }

    public static String call(Enum<?> type) {
        return PREFIX + "call." + slug(type);
    }

    public static String cdr() {
        return PREFIX + "cdr";
    }

    public static String extensionStatus() {
        return PREFIX + "extension-status";
    }

    public static String trunkStatus() {
        return PREFIX + "trunk-status";
    }

    public static String system(Enum<?> type) {
        return PREFIX + "system." + slug(type);
    }

    public static String commandResult(Enum<?> status) {
        return PREFIX + "command-result." + slug(status);
    }

    public static String command(Enum<?> action) {
        return PREFIX + "command." + slug(action);
    }

    public static String deadLetter() {
        return PREFIX + "dead-letter";
    }

    private static String slug(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
