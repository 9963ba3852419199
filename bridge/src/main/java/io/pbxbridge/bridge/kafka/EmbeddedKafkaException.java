package io.pbxbridge.bridge.kafka;

/** The embedded Kafka could not be formatted, started or reached. */
public class EmbeddedKafkaException extends RuntimeException {
    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
