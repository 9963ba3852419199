package io.pbxbridge.schema.codec;

import java.nio.charset.StandardCharsets;

/**
 * A report's text decoded from its UTF-8 bytes, with the bytes remembered (the last text per thread) so that the
 * Avro writer copies them instead of encoding the text again: the raw payload is the largest field of every record
 * and was encoded once per record. The bytes are remembered only when they are exactly what
 * {@code text.getBytes(UTF_8)} gives back — ASCII (a text as long as its bytes, with no replacement character:
 * each byte gave one character and none was malformed); anything else is encoded as before. The caller must not
 * change the bytes afterwards.
 */
public final class DecodedUtf8 {
    private DecodedUtf8() {
    }

    /** {@code new String(utf8, UTF_8)}, remembered with its bytes when they round-trip. */
    public static String decode(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        if (text.length() == utf8.length && text.indexOf('\uFFFD') < 0) {
            AvroBinaryWriter.remember(text, utf8);
        }
        return text;
    }
}
