package io.pbxbridge.connector.grandstream.api;

import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * One reply of {@code POST /api}: {@code {"status":…,"response":{…}}}. Some actions (cdrapi) answer
 * with their payload at the top level and no status; such a body counts as success and is its own
 * response. {@code remain_num}/{@code remain_time} are read from either level.
 */
public record UcmResponse(int status, JsonObject response, JsonObject body) {

    public static UcmResponse parse(JsonObject body) {
        Object rawStatus = body.getValue("status");
        int status;
        if (rawStatus == null) {
            status = 0;
        } else if (rawStatus instanceof Number n) {
            status = n.intValue();
        } else {
            try {
                status = Integer.parseInt(rawStatus.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("status is not a number");
            }
        }
        Object response = body.getValue("response");
        JsonObject payload = response instanceof JsonObject o ? o : rawStatus == null ? body : new JsonObject();
        return new UcmResponse(status, payload, body);
    }

    public boolean success() {
        return status == 0;
    }

    public Optional<UcmStatus> error() {
        return success() ? Optional.empty() : UcmStatus.fromCode(status);
    }

    public boolean cookieInvalid() {
        return error().map(UcmStatus::invalidatesCookie).orElse(false);
    }

    /** Seconds until the PBX accepts a login again (lock-out replies). */
    public Integer remainTime() {
        return intField("remain_time");
    }

    /** Login attempts left before the PBX blacklists this IP and user. */
    public Integer remainNum() {
        return intField("remain_num");
    }

    public String describeError() {
        return UcmStatus.describe(status);
    }

    private Integer intField(String name) {
        Object v = body.getValue(name);
        if (v == null) {
            v = response.getValue(name);
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v != null) {
            try {
                return Integer.parseInt(v.toString().trim());
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }
}
