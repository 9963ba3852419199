package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.command.CommandFieldRules;
import io.pbxbridge.connector.spi.command.InvalidCommandException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * Validation of the values a command puts into an {@code /api} request. The UCM hands numbers and
 * channel names to Asterisk, so anything beyond the documented alphabet is refused here rather than
 * left to the PBX (which answers -50 "sensitive characters" at best).
 */
final class CommandFields {
    static final int MAX_NUMBER_LENGTH = CommandFieldRules.MAX_NUMBER_LENGTH;
    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_CHANNEL_LENGTH = 128;
    /** Asterisk channel names: PJSIP/1000-0000001a, PJSIP/trunk_1-00000002, DAHDI/1-1, Local/1000@ctx-0001;1. */
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/@:;+#*-]*");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private CommandFields() {
    }

    /** A dialable number: digits plus {@code + * #}. */
    static String number(String field, String value) {
        return CommandFieldRules.number(field, value);
    }

    /** An extension, queue, IVR or paging group number: digits only. */
    static String digits(String field, String value) {
        String v = number(field, value);
        if (!v.chars().allMatch(Character::isDigit)) {
            throw new InvalidCommandException(field + ": '" + v + "' must be digits only");
        }
        return v;
    }

    /** A channel name from a CallEvent's leg_ref. */
    static String channel(String field, String value) {
        String v = required(field, value);
        rejectControlOrSeparator(field, v);
        if (v.length() > MAX_CHANNEL_LENGTH || !CHANNEL.matcher(v).matches()) {
            throw new InvalidCommandException(field + ": '" + v + "' is not a channel name such as PJSIP/1000-00000001");
        }
        return v;
    }

    /** A name the PBX knows (prompt file, trunk, route, user): no separators, controls, slashes or quotes. */
    static String name(String field, String value) {
        String v = required(field, value);
        rejectControlOrSeparator(field, v);
        if (v.length() > MAX_NAME_LENGTH) {
            throw new InvalidCommandException(field + ": '" + v + "' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (v.contains("/") || v.contains("\\") || v.contains("\"") || v.contains("..")) {
            throw new InvalidCommandException(field + ": '" + v + "' must not contain / \\ \" or ..");
        }
        return v;
    }

    /** A parameter name in the vendor's spelling. */
    static String key(String field, String value) {
        String v = required(field, value);
        if (!KEY.matcher(v).matches()) {
            throw new InvalidCommandException(field + ": '" + v + "' is not a parameter name (letters, digits, _ and -)");
        }
        return v;
    }

    /**
     * Refuses {@code action} and {@code cookie} in parameters, in any letter case: they are the request
     * envelope's (the action is the command's, the cookie the session's), and a PBX reading keys
     * case-insensitively would take a second spelling as the real one.
     */
    static void rejectEnvelopeKeys(String field, JsonObject params) {
        for (String k : params.fieldNames()) {
            if (k.equalsIgnoreCase("action") || k.equalsIgnoreCase("cookie")) {
                throw new InvalidCommandException(field + " must not contain action or cookie (in any letter case), had '"
                        + k + "'");
            }
        }
    }

    /** A JSON object text (fields_json, parameters_json); null or blank is an empty object. */
    static JsonObject jsonObject(String field, String text) {
        if (text == null || text.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new InvalidCommandException(field + " is not a JSON object");
        }
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
