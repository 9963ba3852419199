package io.pbxbridge.connector.yeastar.session;

import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds the login and heartbeat bodies. Both tell the PBX where to push reports: v1.0.0 only knows a
 * path relative to the caller's address; v1.1.0+ take an absolute {@code host:port/path} with
 * {@code urltag "1"}, which survives NAT and containers. The report {@code version} is pinned so the
 * PBX cannot fall back to the legacy format. The bodies carry secrets: never log them.
 */
final class YeastarRegistration {
    private final PbxConfig pbx;
    private final YeastarApiVersion version;
    private final URI reportUrl;

    YeastarRegistration(PbxConfig pbx, YeastarApiVersion version, URI reportUrl) {
        this.pbx = pbx;
        this.version = version;
        this.reportUrl = reportUrl;
    }

    JsonObject loginBody() {
        JsonObject body = new JsonObject()
                .put("username", pbx.username())
                .put("password", md5Hex(pbx.password().reveal()));
        addReportTarget(body, false);
        return body;
    }

    JsonObject heartbeatBody() {
        JsonObject body = new JsonObject();
        if (reportUrl != null) {
            body.put("ipaddr", reportUrl.getHost());
        }
        addReportTarget(body, true);
        return body;
    }

    private void addReportTarget(JsonObject body, boolean heartbeat) {
        if (reportUrl == null) {
            return;
        }
        body.put("port", String.valueOf(reportPort()));
        String path = reportUrl.getRawPath() == null ? "" : reportUrl.getRawPath();
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (version == YeastarApiVersion.V1_0_0) {
            body.put("url", relative);
        } else {
            body.put("url", reportUrl.getHost() + ":" + reportPort() + "/" + relative);
            body.put("urltag", "1");
        }
        if (version.reportVersion() != null && (!heartbeat || version == YeastarApiVersion.V2_0_0)) {
            body.put("version", version.reportVersion());
        }
    }

    private int reportPort() {
        if (reportUrl.getPort() > 0) {
            return reportUrl.getPort();
        }
        return "https".equalsIgnoreCase(reportUrl.getScheme()) ? 443 : 80;
    }

    static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every JVM", e);
        }
    }
}
