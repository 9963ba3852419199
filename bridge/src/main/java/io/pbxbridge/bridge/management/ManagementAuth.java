package io.pbxbridge.bridge.management;

import io.pbxbridge.bridge.config.ManagementConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Guards the status page (and, when asked, {@code /metrics}): HTTP basic auth with the configured user
 * and password, or the configured token as {@code Authorization: Bearer} or as the basic-auth password
 * (any user name) so a browser's own login prompt works for token-only setups. Comparisons are constant
 * time; a refusal says nothing about which part was wrong and never echoes what was sent.
 */
final class ManagementAuth implements Handler<RoutingContext> {
    static final String REALM = "pbx-bridge";

    private final ManagementConfig config;

    ManagementAuth(ManagementConfig config) {
        this.config = config;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!config.authRequired() || authorized(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"")
                .putHeader("Cache-Control", "no-store")
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end("authentication required\n");
    }

    boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        int space = header.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return !config.token().isEmpty() && config.token().matches(value);
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        boolean tokenOk = !config.token().isEmpty() && config.token().matches(password);
        boolean basicOk = config.username() != null && config.password().matches(password)
                && java.security.MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
                config.username().getBytes(StandardCharsets.UTF_8));
        return tokenOk | basicOk;
    }
}
