package io.pbxbridge.schema.codec;

import java.util.Locale;

/**
 * CloudEvents {@code ce_type} values: {@code io.pbxbridge.<record>[.<type>]}, lower case with dashes,
 * e.g. {@code io.pbxbridge.call.ringing}, {@code io.pbxbridge.system.session-up}.
 */
public final class CeTypes {
    public static final String PREFIX = "io.pbxbridge.";
    /** Every record of the report path asks: the names of each enum's constants are made once. */
    private static final ClassValue<String[]> CALL = slugs(PREFIX + "call.");
    private static final ClassValue<String[]> SYSTEM = slugs(PREFIX + "system.");

    private CeTypes() {
    }

    public static String call(Enum<?> type) {
        return CALL.get(type.getDeclaringClass())[type.ordinal()];
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
        return SYSTEM.get(type.getDeclaringClass())[type.ordinal()];
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

    private static ClassValue<String[]> slugs(String prefix) {
        return new ClassValue<>() {
            @Override
            protected String[] computeValue(Class<?> type) {
                Object[] constants = type.getEnumConstants();
                String[] names = new String[constants.length];
                for (int i = 0; i < constants.length; i++) {
                    names[i] = prefix + slug((Enum<?>) constants[i]);
                }
                return names;
            }
        };
    }

    private static String slug(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
