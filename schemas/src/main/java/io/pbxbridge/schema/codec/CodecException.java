package io.pbxbridge.schema.codec;

/** Bytes that cannot be decoded (bad framing, unknown schema) or a record that cannot be encoded. */
public class CodecException extends RuntimeException {
    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
