package io.pbxbridge.bridge.logging;

/**
 * Makes text from payloads safe to put in a log line: control characters (ESC, NUL, CR, LF, TAB, DEL,
 * the C1 range), the Unicode line and paragraph separators and the bidirectional overrides become
 * {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}. A PBX report or a command can then
 * neither forge a log line, nor drive the terminal of whoever reads the log, nor reorder what a
 * viewer shows. Text without such characters is returned as is (no copy).
 */
public final class LogText {
    private LogText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append("\\u").append(String.format("%04x", (int) c));
            }
        }
        return out.toString();
    }

    static boolean unsafe(char c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        return c == '\u2028' || c == '\u2029' || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
