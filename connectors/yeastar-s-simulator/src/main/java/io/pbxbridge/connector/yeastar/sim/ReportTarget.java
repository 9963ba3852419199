package io.pbxbridge.connector.yeastar.sim;

/**
 * Where and how reports go, as registered by a login or heartbeat: {@code host:port} plus the
 * request path, and the pinned body format.
 */
public record ReportTarget(String host, int port, String path, ReportFormat format) {

    /**
     * Resolves the login/heartbeat fields the way the PBX does: {@code urltag} "1" means {@code url}
     * is absolute ({@code host:port/path}); otherwise reports go to the caller's IP (or {@code ipaddr})
     * on {@code port}, at {@code url} or {@code /}.
     */
    static ReportTarget resolve(String callerIp, String port, String url, String urltag, ReportFormat format) {
        if ("1".equals(urltag) && url != null && !url.isBlank()) {
            String u = url.trim();
            int scheme = u.indexOf("://");
            if (scheme >= 0) {
                u = u.substring(scheme + 3);
            }
            int slash = u.indexOf('/');
            String hostPort = slash < 0 ? u : u.substring(0, slash);
            String path = slash < 0 ? "/" : u.substring(slash);
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int p = colon < 0 ? parsePort(port) : parsePort(hostPort.substring(colon + 1));
            return new ReportTarget(host, p, path, format);
        }
        String path = url == null || url.isBlank() ? "/" : (url.startsWith("/") ? url : "/" + url);
        return new ReportTarget(callerIp, parsePort(port), path, format);
    }

    /** -1 when the text is not a port in 1..65535. */
    static int parsePort(String text) {
        if (text == null) {
            return -1;
        }
        try {
            int p = Integer.parseInt(text.trim());
            return p > 0 && p < 65536 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    ReportTarget withFormat(ReportFormat f) {
        return new ReportTarget(host, port, path, f);
    }

    @Override
    public String toString() {
        return host + ":" + port + path + " (" + format + ")";
    }
}
