package io.pbxbridge.connector.spi;

/**
 * A record that can never be written, whatever Kafka does: it does not fit its Avro schema (a null where a
 * value is required, a date past what a timestamp holds). Nothing of the publish was sent. Unlike any other
 * failure of {@link EventSink#publish} it is permanent: the input it came from belongs on the dead-letter
 * topic, not in a retry.
 */
public class UnencodableRecordException extends RuntimeException {
    public UnencodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
