package io.pbxbridge.connector.yeastar.command;

/** The command is well formed but this PBX's API version has no endpoint for it. */
public final class UnsupportedCommandException extends RuntimeException {
    public UnsupportedCommandException(String message) {
        super(message);
    }
}
