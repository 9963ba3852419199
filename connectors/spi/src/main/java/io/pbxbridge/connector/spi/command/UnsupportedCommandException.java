package io.pbxbridge.connector.spi.command;

/** The command is well formed but the PBX (or its configured API version) has no way to do it. */
public final class UnsupportedCommandException extends RuntimeException {
    public UnsupportedCommandException(String message) {
        super(message);
    }
}
