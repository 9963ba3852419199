package io.pbxbridge.bridge.ingress;

import io.pbxbridge.connector.spi.PbxConfig;

import java.net.URI;

/**
 * The report URL a PBX is given: {@code <public base>/report/<pbxId>/<secret>}. A PBX cannot sign its
 * POSTs, so the unguessable path segment is what tells a genuine report from a forged one.
 */
public final class ReportPaths {
    public static final String ROUTE = "/report/:pbxId/:secret";

    private ReportPaths() {
    }

    public static URI reportUrl(URI publicBaseUrl, PbxConfig pbx) {
        String base = publicBaseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/report/" + pbx.id() + "/" + pbx.reportSecret().reveal());
    }

    /** The path with its secret masked, for logs and dead letters. */
    public static String masked(String pbxId) {
        return "/report/" + pbxId + "/******";
    }
}
