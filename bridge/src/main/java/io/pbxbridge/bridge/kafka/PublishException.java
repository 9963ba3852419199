package io.pbxbridge.bridge.kafka;

/** Kafka did not acknowledge a record (or it could not be encoded); nothing in the batch may be assumed written. */
public class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
