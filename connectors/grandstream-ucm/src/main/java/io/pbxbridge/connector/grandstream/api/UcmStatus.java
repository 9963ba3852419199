package io.pbxbridge.connector.grandstream.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Status codes of the UCM HTTPS API ({@code "status"} of every reply) with the vendor's meaning.
 * Sources: seed 004 "ERROR RETURN CODES" (Table 75) and spec/pbx-api-facts.md §B.1.
 */
public enum UcmStatus {
    SUCCESS(0, "Success"),
    INVALID_PARAMETERS(-1, "Invalid parameters"),
    NEED_AUTHENTICATION(-5, "Need authentication"),
    COOKIE_ERROR(-6, "Cookie error"),
    CONNECTION_CLOSED(-7, "Connection closed"),
    SYSTEM_TIMEOUT(-8, "System timeout"),
    SYSTEM_ERROR(-9, "Abnormal system error (also: unknown event name on WebSocket subscribe)"),
    INVALID_VALUE(-15, "Invalid value"),
    NO_SUCH_ITEM(-16, "No such item"),
    UNSUPPORTED(-19, "Unsupported"),
    OPERATE_FAILED(-24, "Failed to operate data"),
    UPDATE_FAILED(-25, "Failed to update data"),
    GET_FAILED(-26, "Failed to get data"),
    WRONG_CREDENTIALS(-37, "Wrong account or password"),
    DATA_MODIFIED(-43, "Data modified or deleted; refresh and try again"),
    ITEM_EXISTS(-44, "This item has been added"),
    TOO_FREQUENT(-45, "Operating too frequently; retry after 15 seconds"),
    TOO_FREQUENT_15S(-46, "Operating too frequently; retry after 15 seconds"),
    NO_PERMISSION(-47, "No permission (action not allowed for the user, or IP not permitted)"),
    SENSITIVE_CHARACTERS(-50, "Command contains sensitive characters"),
    TASK_RUNNING(-51, "Another task is running now"),
    TOO_FREQUENT_60S(-57, "Operating too frequently; retry after 60 seconds"),
    LOGIN_RESTRICTION(-68, "Login restriction (too many failed logins)"),
    CONFERENCE_RUNNING(-69, "A conference is going on; changes cannot be applied now"),
    LOGIN_FORBIDDEN(-70, "Login forbidden"),
    NO_SUCH_USER(-71, "The username does not exist"),
    CONFERENCE_BUSY(-90, "The conference is busy; cannot be edited or deleted"),
    DIGITAL_CALLS(-98, "Digital calls in progress; failed to apply configuration");

    private static final Map<Integer, UcmStatus> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(UcmStatus::code, Function.identity()));

    private final int code;
    private final String description;

    UcmStatus(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The wire value of {@code "status"}. */
    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static Optional<UcmStatus> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** -5, -6, -8: the cookie is gone; log in again and retry the request once. */
    public boolean invalidatesCookie() {
        return this == NEED_AUTHENTICATION || this == COOKIE_ERROR || this == SYSTEM_TIMEOUT;
    }

    /** -37, -71: the credentials are wrong; another attempt only brings the lock closer. */
    public boolean rejectsCredentials() {
        return this == WRONG_CREDENTIALS || this == NO_SUCH_USER;
    }

    /** -68, -70: this IP or user is blocked for {@code remain_time} seconds. */
    public boolean locksOut() {
        return this == LOGIN_RESTRICTION || this == LOGIN_FORBIDDEN;
    }

    /** -45/-46 (15 s), -57 (60 s): the PBX asks to retry later; null when it does not. */
    public Integer retryAfterSeconds() {
        return switch (this) {
            case TOO_FREQUENT, TOO_FREQUENT_15S -> 15;
            case TOO_FREQUENT_60S -> 60;
            default -> null;
        };
    }

    /** "-37 (Wrong account or password)", also for codes this enum does not know. */
    public static String describe(int code) {
        return code + " (" + fromCode(code).map(UcmStatus::description).orElse("unknown status") + ")";
    }
}
