package io.pbxbridge.bridge.ingress;

import io.pbxbridge.connector.spi.PbxConfig;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The report URL a PBX is given: {@code <public base>/report/<pbxId>/<secret>}. A PBX cannot sign its
 * POSTs, so the unguessable path segment is what tells a genuine report from a forged one.
 */
public final class ReportPaths {
    public static final String ROUTE = "/report/:pbxId/:secret";
    private static final String PREFIX = "/report/";

    private ReportPaths() {
    }

    public static URI reportUrl(URI publicBaseUrl, PbxConfig pbx) {
        String base = publicBaseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/report/" + pbx.id() + "/" + pbx.reportSecret().reveal());
    }

    /**
     * The PBX id and secret of a report path ({@code /report/<pbxId>/<secret>}, a trailing slash allowed),
     * percent-decoded; null for any other path.
     */
    public static String[] parse(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        int end = path.endsWith("/") ? path.length() - 1 : path.length();
        int slash = path.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length() || slash >= end - 1) {
            return null; // no id, or no secret
        }
        int another = path.indexOf('/', slash + 1);
        if (another >= 0 && another < end) {
            return null; // more segments
        }
        return new String[]{decode(path.substring(PREFIX.length(), slash)), decode(path.substring(slash + 1, end))};
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment; // not valid percent-encoding: matches no PBX id or secret
        }
    }

    /** The path with its secret masked, for logs and dead letters. */
    public static String masked(String pbxId) {
        return "/report/" + pbxId + "/******";
    }
}
