package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonObject;

/**
 * An action's refusal: the status to answer and optional extra response fields
 * (e.g. {@code remain_num}/{@code remain_time} on a failed login). No stack trace: it is control flow.
 */
final class UcmApiException extends RuntimeException {
    private final UcmStatus status;
    private final JsonObject extra;

    UcmApiException(UcmStatus status, String detail) {
        this(status, detail, null);
    }

    UcmApiException(UcmStatus status, String detail, JsonObject extra) {
        super(detail, null, false, false);
        this.status = status;
        this.extra = extra;
    }

    UcmStatus status() {
        return status;
    }

    JsonObject extra() {
        return extra;
    }

    static UcmApiException missing(String param) {
        return new UcmApiException(UcmStatus.INVALID_PARAMETERS, "missing required parameter " + param);
    }

    static UcmApiException invalid(String param, String why) {
        return new UcmApiException(UcmStatus.INVALID_VALUE, "invalid " + param + ": " + why);
    }

    static UcmApiException notFound(String what) {
        return new UcmApiException(UcmStatus.NO_SUCH_ITEM, "no such item: " + what);
    }
}
