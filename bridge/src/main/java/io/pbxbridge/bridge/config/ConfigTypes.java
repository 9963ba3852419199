package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.settings.ValueType;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Value types of the bridge's own settings, beyond the SPI's text, numbers, booleans and durations. */
final class ConfigTypes {
    /** A secret written inline or, with the {@code _file} suffix, as a file (see {@link SecretFiles}). */
    static final ValueType<String> SECRET = text -> text;

    /** Client properties and connector options: a mapping of names to scalar values. */
    static final ValueType<Map<String, String>> MAP = new ValueType<>() {
        @Override
        public Map<String, String> parse(String text) {
            throw new IllegalArgumentException("expected mapping of keys to values");
        }

        @Override
        public String describe() {
            return "mapping of keys to values";
        }
    };

    private static final Pattern IPV4_OR_CIDR = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}(/\\d{1,2})?");
    private static final Pattern IPV6_OR_CIDR = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(/\\d{1,3})?");
    private static final Pattern HOST_PORT = Pattern.compile("\\[?[A-Za-z0-9._:-]+]?:\\d{1,5}");

    private ConfigTypes() {
    }

    /** A YAML list; its items are read with their own type. */
    static ValueType<List<String>> list() {
        return new ValueType<>() {
            @Override
            public List<String> parse(String text) {
                throw new IllegalArgumentException("expected list");
            }

            @Override
            public String describe() {
                return "list";
            }
        };
    }

    /** A TCP port; 0 (pick a free one) only where {@code zeroAllowed}. */
    static ValueType<Integer> port(boolean zeroAllowed) {
        int min = zeroAllowed ? 0 : 1;
        return ValueType.integer(Integer.MIN_VALUE, Integer.MAX_VALUE).and(p -> p >= min && p <= 65_535,
                p -> "must be a TCP port between " + min + " and 65535, got " + p);
    }

    /** An absolute http:// or https:// URL without credentials. */
    static final ValueType<URI> HTTP_URL = text -> {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("'" + text + "' must be an http:// or https:// URL");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has no host");
            }
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException("must not contain credentials; use the username and password keys");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid URL: " + e.getReason());
        }
    };

    /** {@code host:port[,host:port...]}; blank means none. */
    static final ValueType<String> BOOTSTRAP_SERVERS = text -> {
        if (text.isBlank()) {
            return null;
        }
        for (String server : text.split(",")) {
            if (!HOST_PORT.matcher(server.trim()).matches()) {
                throw new IllegalArgumentException("'" + server.trim() + "' is not host:port (comma-separated list expected)");
            }
        }
        return text.trim();
    };

    /** Text where blank means not set. */
    static final ValueType<String> OPTIONAL_TEXT = text -> text.isBlank() ? null : text.trim();

    /** A time zone id such as {@code Europe/Berlin}. */
    static final ValueType<ZoneId> ZONE = ValueType.of(text -> {
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }, ZoneId::getId);

    /** One IPv4/IPv6 address or CIDR range. */
    static final ValueType<String> IP_OR_CIDR = text -> {
        String ip = text.trim();
        if (!IPV4_OR_CIDR.matcher(ip).matches() && !IPV6_OR_CIDR.matcher(ip).matches()) {
            throw new IllegalArgumentException("'" + ip + "' is not an IP address or CIDR range");
        }
        return ip;
    };

    /** Text matching {@code pattern}, else {@code problem}. */
    static ValueType<String> matching(Pattern pattern, String problem) {
        return ValueType.text().and(v -> pattern.matcher(v).matches(), v -> problem.replace("{}", v));
    }
}
