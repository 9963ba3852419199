package io.pbxbridge.connector.spi;

/** A report that cannot be understood at all; it goes to the dead-letter topic with this message. */
public class MalformedReportException extends Exception {
    public MalformedReportException(String message) {
        super(message);
    }

    public MalformedReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
