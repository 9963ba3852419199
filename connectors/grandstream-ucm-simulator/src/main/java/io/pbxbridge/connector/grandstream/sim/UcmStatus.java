package io.pbxbridge.connector.grandstream.sim;

/**
 * Status codes of the HTTPS API with their wire value and the text of seed 004 "ERROR RETURN CODES"
 * (Table 75), copied verbatim.
 *
 * <p>Deliberately not the connector's {@code api.UcmStatus}: the simulator is the oracle the connector is
 * tested against, so it is written from the document, not from the connector's reading of it (which
 * adds its own classification: re-login, lock-out, retry-after). Sharing one enum would let a wrong code
 * in the connector pass every loopback test. {@code UcmStatusTablesTest} in the connector module checks
 * that both tables list the same codes.
 */
public enum UcmStatus {
    SUCCESS(0, "Success"),
    INVALID_PARAMETERS(-1, "Invalid parameters"),
    NEED_AUTHENTICATION(-5, "Need authentication"),
    COOKIE_ERROR(-6, "Cookie error"),
    CONNECTION_CLOSED(-7, "Connection closed"),
    SYSTEM_TIMEOUT(-8, "System timeout"),
    SYSTEM_ERROR(-9, "Abnormal system error!"),
    INVALID_VALUE(-15, "Invalid value"),
    NO_SUCH_ITEM(-16, "No such item. Please refresh the page and try again"),
    UNSUPPORTED(-19, "Unsupported"),
    OPERATE_DATA_FAILED(-24, "Failed to operate data"),
    UPDATE_DATA_FAILED(-25, "Failed to update data"),
    GET_DATA_FAILED(-26, "Failed to get data"),
    WRONG_ACCOUNT_OR_PASSWORD(-37, "Wrong account or password!"),
    DATA_MODIFIED(-43, "Some data in this page has been modified or deleted. Please refresh the page and try again"),
    ITEM_EXISTS(-44, "This item has been added"),
    TOO_FREQUENT(-45, "Operating too frequently or other users are doing the same operation. Please retry after 15 seconds."),
    TOO_FREQUENT_RETRY_15(-46, "Operating too frequently or other users are doing the same operation. Please retry after 15 seconds."),
    NO_PERMISSION(-47, "No permission"),
    SENSITIVE_CHARACTERS(-50, "Command contains sensitive characters"),
    ANOTHER_TASK_RUNNING(-51, "Another task is running now"),
    TOO_FREQUENT_RETRY_60(-57, "Operating too frequently, or other users are doing the same operation. Please retry after 60 seconds"),
    LOGIN_RESTRICTION(-68, "Login Restriction"),
    CONFERENCE_IN_PROGRESS(-69, "There is currently a conference going on. Changes cannot be applied at this time"),
    LOGIN_FORBIDDEN(-70, "Login Forbidden"),
    NO_SUCH_USER(-71, "The username doesn't exist"),
    CONFERENCE_BUSY(-90, "The conference is busy, cannot be edited or deleted"),
    DIGITAL_CALLS(-98, "There are currently digital calls. Failed to apply configuration");

    private final int code;
    private final String description;

    UcmStatus(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static UcmStatus fromCode(int code) {
        for (UcmStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no UCM status " + code);
    }
}
