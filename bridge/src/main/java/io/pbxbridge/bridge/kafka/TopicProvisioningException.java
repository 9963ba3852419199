package io.pbxbridge.bridge.kafka;

/** The bridge topics could not be listed, created or verified; the message names the topic and the cause. */
public class TopicProvisioningException extends RuntimeException {
    public TopicProvisioningException(String message) {
        super(message);
    }

    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
