package io.pbxbridge.connector.grandstream.api;

/** The UCM did not answer usefully (connection refused, timeout, HTTP error, non-JSON reply, session down). */
public class UcmUnreachableException extends RuntimeException {
    public UcmUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
