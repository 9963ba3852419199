package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.spi.json.ByteSpans;
import io.pbxbridge.connector.spi.json.PlainJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the usual ActiveCallStatus frame straight from its bytes, without a JSON model: the envelope
 * {@code {"message":[{"action":"notify","eventname":"ActiveCallStatus","eventbody":[{…}, …]}, …]}} (or
 * {@code message} one object) by position, each item's keys matched against the ones the tracker reads and
 * their values taken from the bytes between the quotes. Building the model (maps, lists, a String per value)
 * was a third of such a frame's CPU time, and almost all of it was thrown away.
 *
 * <p>It DECLINES (returns null) anything it is not sure to read as {@link UcmFrame}'s model path reads it:
 * another shape or event name, a key it does not know in the envelope with a nested value, an item key read
 * twice, a nested value in an item, a number other than a plain integer, a key with an escape or non-ASCII
 * byte, a raw control character, invalid UTF-8, a truncated frame, an item the model path would refuse. The
 * model path then reads the frame as before, so records (and dead letters) are the same either way.
 */
final class ActiveCallSpans {
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] ACTION = ascii("action");
    private static final byte[] EVENTNAME = ascii("eventname");
    private static final byte[] EVENTBODY = ascii("eventbody");
    private static final byte[] NOTIFY = ascii("notify");
    private static final byte[] ACTIVE_CALL_STATUS = ascii(UcmFrame.ACTIVE_CALL_STATUS);
    /** Integers longer than this (sign included) are left to the model; up to it, its Integer or Long prints the same text. */
    private static final int MAX_INTEGER_CHARS = 10;

    /** Bytes a string's scan passes over without a second look: printable ASCII other than {@code "} and {@code \}. */
    private static final boolean[] PLAIN = new boolean[256];
    /** {@link ActiveCallItem.Field}s by a hash of their keys' bytes (open addressing). */
    private static final int KEY_SLOTS = 64;
    private static final byte[][] KEY_BYTES = new byte[KEY_SLOTS][];
    private static final ActiveCallItem.Field[] KEY_FIELD = new ActiveCallItem.Field[KEY_SLOTS];

    static {
        for (int b = 0x20; b < 0x7f; b++) {
            PLAIN[b] = b != '"' && b != '\\';
        }
        for (ActiveCallItem.Field field : ActiveCallItem.Field.values()) {
            byte[] key = ascii(field.key);
            int slot = slot(key, 0, key.length);
            while (KEY_BYTES[slot] != null) {
                slot = (slot + 1) & (KEY_SLOTS - 1);
            }
            KEY_BYTES[slot] = key;
            KEY_FIELD[slot] = field;
        }
    }

    private final byte[] json;
    private int pos;
    private boolean nonAscii;
    /** The last value made into a String, and where its bytes were: an item's linkedid mostly repeats its uniqueid. */
    private String lastText;
    private int lastStart;
    private int lastLength = -1;

    private ActiveCallSpans(byte[] json) {
        this.json = json;
    }

    /** The frame's notifications, each with its items read; null when the frame is not one this reads. */
    static List<UcmFrame.Notification> read(byte[] json) {
        ActiveCallSpans reader = new ActiveCallSpans(json);
        try {
            List<UcmFrame.Notification> out = reader.frame();
            return reader.nonAscii && !PlainJson.validUtf8(json) ? null : out;
        } catch (Decline e) {
            return null;
        }
    }

    private List<UcmFrame.Notification> frame() {
        skipWhitespace();
        expect('{');
        skipWhitespace();
        expect('"');
        int start = pos;
        if (!is(start, keyEnd() - start, MESSAGE)) {
            throw Decline.INSTANCE;
        }
        List<UcmFrame.Notification> out;
        skipWhitespace();
        expect(':');
        skipWhitespace();
        if (peek() == '[') {
            pos++;
            out = elements(this::notification);
        } else {
            out = List.of(notification());
        }
        skipWhitespace();
        expect('}'); // the root holds "message" alone
        skipWhitespace();
        if (pos != json.length) {
            throw Decline.INSTANCE;
        }
        return out;
    }

    /** One notify object, which must name ActiveCallStatus and carry its items. */
    private UcmFrame.Notification notification() {
        expect('{');
        int seen = 0;
        List<ActiveCallItem> items = null;
        do {
            skipWhitespace();
            expect('"');
            int start = pos;
            int length = keyEnd() - start;
            skipWhitespace();
            expect(':');
            skipWhitespace();
            int bit;
            if (is(start, length, ACTION)) {
                bit = 1;
                string(NOTIFY); // (the model takes any case of it: another case is left to the model)
            } else if (is(start, length, EVENTNAME)) {
                bit = 2;
                string(ACTIVE_CALL_STATUS);
            } else if (is(start, length, EVENTBODY)) {
                bit = 4;
                items = body();
            } else {
                bit = 0;
                skipScalar();
            }
            if ((seen & bit) != 0) {
                throw Decline.INSTANCE; // a repeated key: the model's parser decides which one counts
            }
            seen |= bit;
            skipWhitespace();
        } while (more('}'));
        if ((seen & 6) != 6) {
            throw Decline.INSTANCE; // without eventname not a notify, without eventbody refused: the model's
        }
        return new UcmFrame.Notification(UcmFrame.ACTIVE_CALL_STATUS, null, items);
    }

    /** The eventbody: one item, or a non-empty list of them. */
    private List<ActiveCallItem> body() {
        if (peek() == '{') {
            return List.of(item());
        }
        expect('[');
        return elements(this::item);
    }

    /**
     * The elements of a non-empty array whose {@code [} was just read, each read by {@code element}. One element
     * (a frame mostly carries one notify, a body one item) comes back as {@code List.of}, without an ArrayList.
     */
    private <T> List<T> elements(Supplier<T> element) {
        skipWhitespace();
        T first = element.get();
        skipWhitespace();
        if (!more(']')) {
            return List.of(first);
        }
        List<T> all = new ArrayList<>();
        all.add(first);
        do {
            skipWhitespace();
            all.add(element.get());
            skipWhitespace();
        } while (more(']'));
        return all;
    }

    private ActiveCallItem item() {
        expect('{');
        ActiveCallItem item = new ActiveCallItem();
        long seen = 0;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            do {
                skipWhitespace();
                expect('"');
                int start = pos;
                ActiveCallItem.Field field = field(start, keyEnd() - start);
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (field == null) {
                    skipScalar();
                } else {
                    long bit = 1L << field.ordinal();
                    if ((seen & bit) != 0) {
                        throw Decline.INSTANCE;
                    }
                    seen |= bit;
                    item.set(field, UcmLeg.valueText(scalarText(field)));
                }
                skipWhitespace();
            } while (more('}'));
        }
        if (item.missing() != null) {
            throw Decline.INSTANCE; // the model path refuses it, with its reason
        }
        return item;
    }

    /** Where a key whose content starts at {@link #pos} ends (its closing quote); moves past it. Plain ASCII only. */
    private int keyEnd() {
        int p = pos;
        byte[] j = json;
        while (p < j.length && PLAIN[j[p] & 0xff]) {
            p++;
        }
        if (p >= j.length || j[p] != '"') {
            throw Decline.INSTANCE;
        }
        pos = p + 1;
        return p;
    }

    private boolean is(int start, int length, byte[] known) {
        return length == known.length && ByteSpans.equal(known, 0, json, start, length);
    }

    /** The field whose key is {@code json[start, start + length)}; null for a key the tracker does not read. */
    private ActiveCallItem.Field field(int start, int length) {
        if (length == 0) {
            return null;
        }
        for (int slot = slot(json, start, length); ; slot = (slot + 1) & (KEY_SLOTS - 1)) {
            byte[] key = KEY_BYTES[slot];
            if (key == null) {
                return null;
            }
            if (key.length == length && ByteSpans.equal(key, 0, json, start, length)) {
                return KEY_FIELD[slot];
            }
        }
    }

    private static int slot(byte[] bytes, int start, int length) {
        int hash = ((bytes[start] * 31 + bytes[start + length / 2]) * 31 + bytes[start + length - 1]) * 31 + length;
        return (hash * 0x9E3779B1) >>> (Integer.SIZE - 6);
    }

    /** A string value that must be exactly {@code expected} (plain ASCII). */
    private void string(byte[] expected) {
        expect('"');
        int end = pos + expected.length;
        if (end >= json.length || json[end] != '"' || !ByteSpans.equal(expected, 0, json, pos, expected.length)) {
            throw Decline.INSTANCE;
        }
        pos = end + 1;
    }

    /**
     * A scalar as the model's value reads as text: a string's text, a plain integer's or literal's JSON text
     * (which is what the model's Integer or Boolean prints), null for null.
     */
    private String scalarText(ActiveCallItem.Field field) {
        byte b = peek();
        if (b == '"') {
            int start = ++pos;
            int flags = scanString();
            int end = pos - 1;
            if (start == end) {
                return "";
            }
            if (flags == 0) {
                return plainText(field, start, end - start);
            }
            return PlainJson.text(json, start, end, (flags & ESCAPED) != 0);
        }
        int start = pos;
        skipScalar();
        return b == 'n' ? null : new String(json, start, pos - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * The text of a value of plain ASCII bytes: one of the field's usual values ({@link ActiveCallItem.Field#usual});
     * the last value's String when these bytes repeat it; else a new String.
     */
    private String plainText(ActiveCallItem.Field field, int start, int length) {
        for (String usual : field.usual) {
            if (usual.length() == length && isAscii(usual, start)) {
                return usual;
            }
        }
        if (length == lastLength && ByteSpans.equal(json, lastStart, json, start, length)) {
            return lastText;
        }
        String text = new String(json, start, length, StandardCharsets.ISO_8859_1);
        lastText = text;
        lastStart = start;
        lastLength = length;
        return text;
    }

    /** Whether the bytes at {@code start} are those of {@code ascii} (as long as the span compared). */
    private boolean isAscii(String ascii, int start) {
        for (int i = 0; i < ascii.length(); i++) {
            if (json[start + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static final int ESCAPED = 1;
    private static final int NON_ASCII = 2;

    /** Moves past the closing quote of a string whose content starts at {@link #pos}; {@link #ESCAPED}, {@link #NON_ASCII}. */
    private int scanString() {
        byte[] j = json;
        int p = pos;
        int flags = 0;
        while (true) {
            while (p < j.length && PLAIN[j[p] & 0xff]) {
                p++;
            }
            if (p >= j.length) {
                throw Decline.INSTANCE;
            }
            byte b = j[p++];
            if (b == '"') {
                pos = p;
                return flags;
            }
            if (b == '\\') {
                flags |= ESCAPED;
                if (p >= j.length) {
                    throw Decline.INSTANCE;
                }
                byte e = j[p++];
                if (e == 'u') {
                    if (p + 4 > j.length) {
                        throw Decline.INSTANCE;
                    }
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(j[p++], 16) < 0) {
                            throw Decline.INSTANCE;
                        }
                    }
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
                    throw Decline.INSTANCE;
                }
            } else if (b < 0) {
                flags |= NON_ASCII;
                nonAscii = true;
            } else if (b < 0x20) {
                throw Decline.INSTANCE; // parsers differ on raw control characters: the model's decides
            }
        }
    }

    /** Moves past a string, a plain integer, true, false or null; anything else (nested, a fraction) declines. */
    private void skipScalar() {
        byte b = peek();
        switch (b) {
            case '"' -> {
                pos++;
                scanString();
            }
            case 't' -> word("true");
            case 'f' -> word("false");
            case 'n' -> word("null");
            default -> integer();
        }
    }

    private void word(String literal) {
        int end = pos + literal.length();
        if (end > json.length) {
            throw Decline.INSTANCE;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (json[pos + i] != literal.charAt(i)) {
                throw Decline.INSTANCE;
            }
        }
        pos = end;
        endOfValue();
    }

    /**
     * {@code -?(0|[1-9][0-9]*)}, at most {@link #MAX_INTEGER_CHARS} characters, not {@code -0}: the model's
     * Integer or Long prints the same text. Anything else (a fraction, an exponent, a longer number) is the model's.
     */
    private void integer() {
        int start = pos;
        int p = pos;
        if (p < json.length && json[p] == '-') {
            p++;
        }
        int digits = p;
        while (p < json.length && json[p] >= '0' && json[p] <= '9') {
            p++;
        }
        int count = p - digits;
        if (count == 0 || p - start > MAX_INTEGER_CHARS || (count > 1 && json[digits] == '0')
                || (json[digits] == '0' && digits > start)) {
            throw Decline.INSTANCE;
        }
        pos = p;
        endOfValue();
    }

    /** A value must be followed by whitespace, a comma or a closing bracket (else {@code 1.5}, {@code truex}). */
    private void endOfValue() {
        byte b = peek();
        if (b != ',' && b != '}' && b != ']' && b != ' ' && b != '\n' && b != '\r' && b != '\t') {
            throw Decline.INSTANCE;
        }
    }

    /** After a member or element: true at a comma, false at {@code close}. */
    private boolean more(char close) {
        byte b = peek();
        pos++;
        if (b == ',') {
            return true;
        }
        if (b == close) {
            return false;
        }
        throw Decline.INSTANCE;
    }

    private void skipWhitespace() {
        byte[] j = json;
        int p = pos;
        while (p < j.length) {
            byte b = j[p];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            p++;
        }
        pos = p;
    }

    private byte peek() {
        if (pos >= json.length) {
            throw Decline.INSTANCE;
        }
        return json[pos];
    }

    private void expect(char c) {
        if (peek() != c) {
            throw Decline.INSTANCE;
        }
        pos++;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Thrown (without a stack) where the frame stops being one this reads. */
    private static final class Decline extends RuntimeException {
        static final Decline INSTANCE = new Decline();

        private Decline() {
            super("not a plain ActiveCallStatus frame", null, false, false);
        }
    }
}
