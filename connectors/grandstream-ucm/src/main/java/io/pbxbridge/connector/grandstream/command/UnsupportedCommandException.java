package io.pbxbridge.connector.grandstream.command;

/** The command is well formed but the UCM API (seed 004) has no action for it. */
public final class UnsupportedCommandException extends RuntimeException {
    public UnsupportedCommandException(String message) {
        super(message);
    }
}
