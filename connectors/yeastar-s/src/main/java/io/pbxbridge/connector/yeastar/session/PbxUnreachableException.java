package io.pbxbridge.connector.yeastar.session;

/** The PBX did not answer (connection refused, timeout, HTTP error, non-JSON reply). */
public class PbxUnreachableException extends RuntimeException {
    public PbxUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
