package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits the {@code normalize} command's stdin into inputs, each at most {@code maxBytes} (the
 * ingress's {@code max_body_bytes}): one report as before when the whole input is one JSON value or a
 * single line; otherwise JSON Lines, one input per non-blank line. Only a bounded part of a line is
 * ever held: a longer one is reported with its size and skipped.
 */
final class NormalizeInputs {
    private static final JsonFactory JSON = new JsonFactory();

    /** One input; {@code bytes} is null when it was larger than the limit ({@code size} tells how large). */
    record Input(int number, byte[] bytes, long size) {
        boolean tooLarge() {
            return bytes == null;
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private byte[] single;
    private boolean lines;
    private int number;

    NormalizeInputs(InputStream in, int maxBytes) throws IOException {
        this.in = in.markSupported() ? in : new BufferedInputStream(in, 64 * 1024);
        this.maxBytes = maxBytes;
        this.in.mark(maxBytes + 2);
        byte[] head = this.in.readNBytes(maxBytes + 1);
        if (head.length <= maxBytes && (oneJsonValue(head) || nonBlankLines(head) <= 1)) {
            single = head;
        } else {
            this.in.reset();
            lines = true;
        }
    }

    /** True when the input is read as JSON Lines. */
    boolean lines() {
        return lines;
    }

    /** The next input, or null at the end. */
    Input next() throws IOException {
        if (!lines) {
            byte[] body = single;
            single = null;
            return body == null ? null : new Input(++number, body, body.length);
        }
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long size = 0;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (size <= maxBytes) {
                    line.write(b);
                }
                size++;
            }
            if (b == -1 && size == 0) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            if (size <= maxBytes + 1L && bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                bytes = Arrays.copyOf(bytes, bytes.length - 1);
                size--;
            }
            if (size > maxBytes) {
                return new Input(++number, null, size);
            }
            if (!new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                return new Input(++number, bytes, size);
            }
        }
    }

    private static boolean oneJsonValue(byte[] text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long nonBlankLines(byte[] text) {
        return new String(text, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
    }
}
