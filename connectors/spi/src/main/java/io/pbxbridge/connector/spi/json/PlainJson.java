package io.pbxbridge.connector.spi.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the plain case of a report body, a JSON object in strictly valid UTF-8 with nothing unusual, in
 * one pass over the bytes, and leaves everything else to the caller's full parser: {@link #readObject}
 * returns null for any input it does not take (malformed, truncated, a control character in a string,
 * an escape or number outside the JSON grammar, nesting past the caller's bound, a value the caller's
 * {@link Tree} declines, invalid UTF-8). The caller then parses that input exactly as it did before, so
 * values, vendor quirks and error messages stay those of its parser; this only has to agree with it on
 * what it accepts. It exists because the report path ran a general parser that made a String of every
 * value (per report, a third of the CPU time before anything was mapped).
 *
 * <p>Strings are handed to the tree as spans of the body ({@link #text} decodes one), so a tree may
 * decode only the values something reads.
 */
public final class PlainJson {
    /** Numbers longer than this go to the full parser (which bounds number length itself). */
    private static final int MAX_NUMBER_CHARS = 64;

    /** Bytes a string's scan passes over without a second look: printable ASCII other than {@code "} and {@code \}. */
    private static final boolean[] PLAIN = new boolean[256];
    /**
     * Keys recur in every report: the last key seen in each of 1024 hash slots (two tried per key) is reused
     * when the bytes match, so a key costs a comparison, not a String and its hash code. Shared by all
     * threads: a racing write only loses a slot ({@link Key} is immutable, safe to publish without a lock).
     */
    private static final int KEY_SLOT_BITS = 10;
    private static final Key[] KEYS = new Key[1 << KEY_SLOT_BITS];

    private record Key(byte[] bytes, int hash, String text) {
        boolean matches(byte[] json, int start, int length, int keyHash) {
            // The hash first (most misses end there), then the bytes.
            return hash == keyHash && bytes.length == length && ByteSpans.equal(bytes, 0, json, start, length);
        }
    }

    static {
        for (int b = 0x20; b < 0x7f; b++) {
            PLAIN[b] = b != '"' && b != '\\';
        }
    }

    private PlainJson() {
    }

    /**
     * Builds the caller's model as the body is read.
     *
     * @param <O> an object being filled
     * @param <A> an array being filled
     */
    public interface Tree<O, A> {
        O object();

        /** Adds an entry; false when this model does not take it on the plain path (e.g. a repeated key). */
        boolean put(O object, String key, Object value);

        Object endObject(O object);

        A array();

        void add(A array, Object value);

        Object endArray(A array);

        /** A string value: the bytes between its quotes; {@code escaped} when they hold a backslash escape. */
        Object string(byte[] json, int start, int end, boolean escaped);

        /** A number, its literal text in {@code json[start, end)}; null when the model does not take it. */
        Object number(byte[] json, int start, int end, boolean integral);

        Object literal(Boolean value);

        Object nullValue();
    }

    /**
     * The body's root object as {@code tree} built it, or null when the body is not plain (see the class
     * comment) and the caller's own parser must read it.
     *
     * @param maxDepth nesting beyond this is not plain: keep it below the caller's parser's bound
     */
    public static <O, A> Object readObject(byte[] json, Tree<O, A> tree, int maxDepth) {
        Cursor<O, A> cursor = new Cursor<>(json, tree, maxDepth);
        try {
            Object root = cursor.root();
            return cursor.nonAscii && !validUtf8(json) ? null : root;
        } catch (NotPlain | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * The text of a string span handed to {@link Tree#string} (valid UTF-8: {@link #readObject} returns
     * nothing built from a body that is not).
     */
    public static String text(byte[] json, int start, int end, boolean escaped) {
        String raw = new String(json, start, end - start, StandardCharsets.UTF_8);
        return escaped ? unescape(raw) : raw;
    }

    private static String unescape(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(raw, i + 1, i + 5, 16));
                    i += 4;
                }
                default -> out.append(e); // " \ /
            }
        }
        return out.toString();
    }

    /** Whether {@code json} is strictly valid UTF-8 (a reader that saw non-ASCII bytes asks before it accepts a body). */
    public static boolean validUtf8(byte[] json) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Thrown (without a stack) where the body stops being plain. */
    private static final class NotPlain extends RuntimeException {
        static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super("not plain JSON", null, false, false);
        }
    }

    private static final class Cursor<O, A> {
        private final byte[] json;
        private final Tree<O, A> tree;
        private final int maxDepth;
        private int pos;
        private int depth;
        boolean nonAscii;

        Cursor(byte[] json, Tree<O, A> tree, int maxDepth) {
            this.json = json;
            this.tree = tree;
            this.maxDepth = maxDepth;
        }

        Object root() {
            skipWhitespace();
            if (json[pos] != '{') {
                throw NotPlain.INSTANCE;
            }
            Object root = object();
            skipWhitespace();
            if (pos != json.length) {
                throw NotPlain.INSTANCE;
            }
            return root;
        }

        private void skipWhitespace() {
            while (pos < json.length) {
                byte b = json[pos];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return;
                }
                pos++;
            }
        }

        /** The next non-whitespace byte, consumed. */
        private byte next() {
            skipWhitespace();
            return json[pos++];
        }

        private Object value() {
            byte b = next();
            return switch (b) {
                case '{' -> {
                    pos--;
                    yield object();
                }
                case '[' -> array();
                case '"' -> string();
                case 't' -> word("rue", Boolean.TRUE);
                case 'f' -> word("alse", Boolean.FALSE);
                case 'n' -> {
                    expect("ull");
                    yield tree.nullValue();
                }
                default -> {
                    if (b == '-' || (b >= '0' && b <= '9')) {
                        yield number(pos - 1);
                    }
                    throw NotPlain.INSTANCE;
                }
            };
        }

        private Object object() {
            pos++; // '{'
            enter();
            O object = tree.object();
            byte b = next();
            if (b != '}') {
                while (true) {
                    if (b != '"') {
                        throw NotPlain.INSTANCE;
                    }
                    String key = key();
                    if (next() != ':' || !tree.put(object, key, value())) {
                        throw NotPlain.INSTANCE;
                    }
                    b = next();
                    if (b == '}') {
                        break;
                    }
                    if (b != ',') {
                        throw NotPlain.INSTANCE;
                    }
                    b = next();
                }
            }
            depth--;
            return tree.endObject(object);
        }

        private Object array() {
            enter();
            A array = tree.array();
            skipWhitespace();
            if (json[pos] == ']') {
                pos++;
            } else {
                while (true) {
                    tree.add(array, value());
                    byte b = next();
                    if (b == ']') {
                        break;
                    }
                    if (b != ',') {
                        throw NotPlain.INSTANCE;
                    }
                }
            }
            depth--;
            return tree.endArray(array);
        }

        private void enter() {
            if (++depth > maxDepth) {
                throw NotPlain.INSTANCE;
            }
        }

        /** The index of the first byte from {@code p} on that is not {@link #PLAIN} (in a local: the hot loop). */
        private int skipPlain(int p) {
            byte[] j = json;
            while (PLAIN[j[p] & 0xff]) {
                p++;
            }
            return p;
        }

        /** A key whose content starts at {@code pos}, through {@link #KEYS} when it is plain ASCII. */
        private String key() {
            int start = pos;
            pos = skipPlain(pos);
            if (json[pos] != '"') {
                pos = start;
                boolean escaped = scanString();
                return text(json, start, pos - 1, escaped);
            }
            int length = pos++ - start;
            // Length and three bytes tell the keys of a vendor's reports apart (tested); the bytes decide.
            int hash = ((json[start] * 31 + json[start + length / 2]) * 31 + json[start + length - 1]) * 31 + length;
            int slot = (hash * 0x9E3779B1) >>> (Integer.SIZE - KEY_SLOT_BITS);
            int other = slot ^ 1;
            Key known = KEYS[slot];
            if (known == null || !known.matches(json, start, length, hash)) {
                Key second = KEYS[other];
                if (second != null && second.matches(json, start, length, hash)) {
                    return second.text;
                }
                // Interned: the same instance as the literals mappers look keys up with, so equals is ==.
                byte[] bytes = Arrays.copyOfRange(json, start, start + length);
                known = new Key(bytes, hash, new String(bytes, StandardCharsets.ISO_8859_1).intern());
                KEYS[KEYS[slot] == null || KEYS[other] != null ? slot : other] = known;
            }
            return known.text;
        }

        private Object string() {
            int start = pos;
            boolean escaped = scanString();
            return tree.string(json, start, pos - 1, escaped);
        }

        /** Moves past the closing quote of the string whose content starts at {@code pos}; whether it has escapes. */
        private boolean scanString() {
            boolean escaped = false;
            while (true) {
                pos = skipPlain(pos);
                byte b = json[pos++];
                if (b == '"') {
                    return escaped;
                }
                if (b == '\\') {
                    escaped = true;
                    byte e = json[pos++];
                    if (e == 'u') {
                        for (int i = 0; i < 4; i++) {
                            if (Character.digit(json[pos++], 16) < 0) {
                                throw NotPlain.INSTANCE;
                            }
                        }
                    } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
                            && e != 't') {
                        throw NotPlain.INSTANCE;
                    }
                } else if (b < 0) {
                    nonAscii = true;
                } else if (b < 0x20) {
                    throw NotPlain.INSTANCE; // parsers differ on raw control characters: theirs decides
                }
            }
        }

        private Object word(String rest, Boolean value) {
            expect(rest);
            return tree.literal(value);
        }

        private void expect(String rest) {
            for (int i = 0; i < rest.length(); i++) {
                if (json[pos++] != rest.charAt(i)) {
                    throw NotPlain.INSTANCE;
                }
            }
        }

        /** JSON's number grammar exactly: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
        private Object number(int start) {
            pos = start;
            if (json[pos] == '-') {
                pos++;
            }
            if (json[pos] == '0') {
                pos++;
            } else {
                digits();
            }
            boolean integral = true;
            if (pos < json.length && json[pos] == '.') {
                pos++;
                digits();
                integral = false;
            }
            if (pos < json.length && (json[pos] == 'e' || json[pos] == 'E')) {
                pos++;
                if (json[pos] == '+' || json[pos] == '-') {
                    pos++;
                }
                digits();
                integral = false;
            }
            if (pos - start > MAX_NUMBER_CHARS) {
                throw NotPlain.INSTANCE;
            }
            Object number = tree.number(json, start, pos, integral);
            if (number == null) {
                throw NotPlain.INSTANCE;
            }
            return number;
        }

        /** One or more digits. */
        private void digits() {
            if (!isDigit(json[pos])) {
                throw NotPlain.INSTANCE;
            }
            while (pos < json.length && isDigit(json[pos])) {
                pos++;
            }
        }

        private static boolean isDigit(byte b) {
            return b >= '0' && b <= '9';
        }
    }
}
