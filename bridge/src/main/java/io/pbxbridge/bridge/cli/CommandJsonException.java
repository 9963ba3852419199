package io.pbxbridge.bridge.cli;

/** Input JSON that is not a valid Command; the message names the offending field. */
final class CommandJsonException extends Exception {
    CommandJsonException(String message) {
        super(message);
    }
}
