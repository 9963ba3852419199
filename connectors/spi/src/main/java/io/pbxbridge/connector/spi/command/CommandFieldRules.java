package io.pbxbridge.connector.spi.command;

import java.util.regex.Pattern;

/**
 * Checks every connector applies to the values a command puts into a PBX request. Numbers and names
 * end up in requests a PBX hands to its dial plan (Asterisk underneath, for both supported families),
 * so anything beyond the documented alphabet is refused here with the field named. Vendor-specific
 * shapes (channel names, key spellings) stay in each connector.
 */
public final class CommandFieldRules {
    public static final int MAX_NUMBER_LENGTH = 32;
    private static final Pattern NUMBER = Pattern.compile("[0-9*#+]+");

    private CommandFieldRules() {
    }

    public static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidCommandException(field + " is required");
        }
        return value;
    }

    public static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** A dialable number: digits plus {@code + * #}, at most {@value #MAX_NUMBER_LENGTH} characters. */
    public static String number(String field, String value) {
        String v = required(field, value);
        rejectControlOrSeparator(field, v);
        if (v.length() > MAX_NUMBER_LENGTH) {
            throw new InvalidCommandException(field + ": '" + v + "' is longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        if (!NUMBER.matcher(v).matches()) {
            throw new InvalidCommandException(field + ": '" + v + "' is not a number (digits, +, * and # only)");
        }
        return v;
    }

    public static void rejectControlOrSeparator(String field, String value) {
        value.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean control = type == Character.CONTROL || type == Character.FORMAT;
            boolean separator = type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            if (control || separator) {
                throw new InvalidCommandException(field + ": contains a control or separator character (U+"
                        + String.format("%04X", cp) + ")");
            }
        });
    }
}
