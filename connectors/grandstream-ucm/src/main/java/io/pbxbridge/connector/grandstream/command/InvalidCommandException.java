package io.pbxbridge.connector.grandstream.command;

/** The command is malformed or names something the bridge cannot resolve; the message says what to fix. */
public final class InvalidCommandException extends RuntimeException {
    public InvalidCommandException(String message) {
        super(message);
    }
}
