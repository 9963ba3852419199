package io.pbxbridge.connector.spi.command;

/** A command a connector cannot send: a field is missing or malformed, or its call cannot be resolved. */
public final class InvalidCommandException extends RuntimeException {
    public InvalidCommandException(String message) {
        super(message);
    }
}
