package io.pbxbridge.connector.yeastar.session;

import io.pbxbridge.connector.yeastar.api.YeastarErrno;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * One Yeastar API reply. The PBX always answers HTTP 200; success or failure is in the body:
 * {@code {"status":"Success",...}} or {@code {"status":"Failed","errno":"20004"}}.
 */
public record YeastarResponse(boolean success, String errno, JsonObject body) {

    static YeastarResponse parse(JsonObject body) {
        boolean ok = "Success".equalsIgnoreCase(body.getString("status", ""));
        Object errno = body.getValue("errno");
        return new YeastarResponse(ok, errno == null ? null : String.valueOf(errno), body);
    }

    public Optional<YeastarErrno> error() {
        return YeastarErrno.fromCode(errno);
    }

    public boolean tokenInvalid() {
        return !success && error().map(YeastarErrno::invalidatesToken).orElse(false);
    }

    /** Readable failure text: errno and its documented meaning. */
    public String describeError() {
        return errno == null ? "PBX answered status=" + body.getString("status")
                : "errno " + errno + " (" + YeastarErrno.describe(errno) + ")";
    }
}
