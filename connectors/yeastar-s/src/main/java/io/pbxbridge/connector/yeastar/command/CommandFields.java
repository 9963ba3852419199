package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.spi.command.CommandFieldRules;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import java.util.regex.Pattern;

/**
 * Validation of the values a command puts into a PBX request. Numbers and names end up in JSON
 * bodies that the PBX feeds to its dial plan, so anything beyond the documented alphabet is refused
 * rather than passed on.
 */
final class CommandFields {
    static final int MAX_NUMBER_LENGTH = CommandFieldRules.MAX_NUMBER_LENGTH;
    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_REF_LENGTH = 128;
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9._/@:-]+");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]+");

    private CommandFields() {
    }

    /** A dialable number: digits plus {@code + * #}. */
    static String number(String field, String value) {
        return CommandFieldRules.number(field, value);
    }

    /** A comma-separated list of numbers (the v1 query endpoints accept "1000,1001"). */
    static String numberList(String field, String value) {
        String v = required(field, value);
        for (String part : v.split(",", -1)) {
            number(field, part);
        }
        return v;
    }

    /** A name the PBX knows (trunk, prompt): letters, digits and punctuation, no separators or controls. */
    static String name(String field, String value) {
        String v = required(field, value);
        rejectControlOrSeparator(field, v);
        if (v.length() > MAX_NAME_LENGTH) {
            throw new InvalidCommandException(field + ": '" + v + "' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return v;
    }

    /** A leg handle from an event (inboundid, outboundid, channelid such as PJSIP/1000-0000001a). */
    static String legRef(String field, String value) {
        String v = required(field, value);
        rejectControlOrSeparator(field, v);
        if (v.length() > MAX_REF_LENGTH || !REF.matcher(v).matches()) {
            throw new InvalidCommandException(field + ": '" + v + "' is not a call or channel id");
        }
        return v;
    }

    /** A JSON key in the vendor's field names. */
    static String key(String field, String value) {
        String v = required(field, value);
        if (!KEY.matcher(v).matches()) {
            throw new InvalidCommandException(field + ": '" + v + "' is not a field name (letters, digits, _)");
        }
        return v;
    }

    static String required(String field, String value) {
        return CommandFieldRules.required(field, value);
    }

    static boolean present(String value) {
        return CommandFieldRules.present(value);
    }

    static void rejectControlOrSeparator(String field, String value) {
        CommandFieldRules.rejectControlOrSeparator(field, value);
    }
}
