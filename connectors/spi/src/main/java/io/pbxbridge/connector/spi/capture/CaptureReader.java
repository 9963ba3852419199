package io.pbxbridge.connector.spi.capture;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a capture file line by line (never more than one line in memory, each at most
 * {@link CaptureFormat#MAX_LINE_BYTES}). The header is read on opening.
 */
public final class CaptureReader implements Closeable {
    private final InputStream in;
    private final CaptureHeader header;
    private int lineNumber;

    /** Reads the header from {@code in}; fails when the first line is not a capture header. */
    public CaptureReader(InputStream in) throws IOException {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
        byte[] first = nextLine();
        if (first == null) {
            throw new IOException("empty capture file");
        }
        try {
            this.header = CaptureFormat.header(first);
        } catch (IOException e) {
            throw new IOException("line 1: " + e.getMessage(), e);
        }
    }

    public static CaptureReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new CaptureReader(in);
        } catch (IOException e) {
            in.close();
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public CaptureHeader header() {
        return header;
    }

    /** The line number of the line {@link #next()} returned last (the header is line 1). */
    public int lineNumber() {
        return lineNumber;
    }

    /** The next line after the header, or null at the end of the file. */
    public CaptureLine next() throws IOException {
        while (true) {
            byte[] line = nextLine();
            if (line == null) {
                return null;
            }
            if (isBlank(line)) {
                continue;
            }
            try {
                return CaptureFormat.line(line);
            } catch (IOException e) {
                throw new IOException("line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private byte[] nextLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        long size = 0;
        while ((b = in.read()) != -1 && b != '\n') {
            if (++size > CaptureFormat.MAX_LINE_BYTES) {
                throw new IOException("line " + (lineNumber + 1) + " is longer than " + CaptureFormat.MAX_LINE_BYTES
                        + " bytes: not a capture file");
            }
            line.write(b);
        }
        if (b == -1 && size == 0) {
            return null;
        }
        lineNumber++;
        return line.toByteArray();
    }

    private static boolean isBlank(byte[] line) {
        for (byte c : line) {
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
