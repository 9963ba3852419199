package io.pbxbridge.connector.spi;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One configured PBX, as the bridge hands it to its connector.
 *
 * @param id               the operator's name for the PBX; part of every key and of the report URL
 * @param vendor           connector id, e.g. {@code yeastar-s} or {@code grandstream-ucm}
 * @param apiUrl           base URL of the PBX API, e.g. {@code https://10.0.0.5:8088}
 * @param username         API user
 * @param password         API password (clear; the connector hashes it as the vendor requires)
 * @param apiVersion       vendor API version, e.g. {@code 1.1.0} or {@code 2.0.0} for Yeastar
 * @param reportSecret     secret path segment of the report URL the PBX is given
 * @param allowedSourceIps when not empty, reports are accepted only from these addresses
 * @param tls              certificate verification settings
 * @param keepAlive        heartbeat / cookie refresh interval
 * @param timeZone         the PBX's local time zone, for timestamps it prints without one
 * @param options          vendor-specific settings (documented by each connector); values of keys that
 *                         name a password, secret or token (e.g. Grandstream {@code ws_password}) are
 *                         masked by {@link #toString()}
 */
public record PbxConfig(String id, String vendor, URI apiUrl, String username, Secret password,
                        String apiVersion, Secret reportSecret, List<String> allowedSourceIps,
                        TlsSettings tls, Duration keepAlive, ZoneId timeZone, Map<String, String> options) {

    public PbxConfig {
        allowedSourceIps = allowedSourceIps == null ? List.of() : List.copyOf(allowedSourceIps);
        options = options == null ? Map.of() : Map.copyOf(options);
        tls = tls == null ? TlsSettings.verifyingDefaults() : tls;
        timeZone = timeZone == null ? ZoneId.systemDefault() : timeZone;
        password = password == null ? Secret.empty() : password;
        reportSecret = reportSecret == null ? Secret.empty() : reportSecret;
    }

    /** The same entry with another API version (a connector's check may normalize how it was written). */
    public PbxConfig withApiVersion(String version) {
        return new PbxConfig(id, vendor, apiUrl, username, password, version, reportSecret, allowedSourceIps, tls,
                keepAlive, timeZone, options);
    }

    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    private static final java.util.regex.Pattern SECRET_OPTION =
            java.util.regex.Pattern.compile("(?i).*(password|secret|token|cookie).*");

    /** True for option keys whose values are secrets and must not be printed. */
    public static boolean isSecretOption(String key) {
        return key != null && SECRET_OPTION.matcher(key).matches() && !key.toLowerCase(java.util.Locale.ROOT).endsWith("_file");
    }

    /** Like the record's own, with secret option values masked (a config dump must not leak them). */
    @Override
    public String toString() {
        Map<String, String> shown = new java.util.TreeMap<>();
        options.forEach((k, v) -> shown.put(k, isSecretOption(k) ? "******" : v));
        return "PbxConfig[id=" + id + ", vendor=" + vendor + ", apiUrl=" + apiUrl + ", username=" + username
                + ", password=" + password + ", apiVersion=" + apiVersion + ", reportSecret=" + reportSecret
                + ", allowedSourceIps=" + allowedSourceIps + ", tls=" + tls + ", keepAlive=" + keepAlive
                + ", timeZone=" + timeZone + ", options=" + shown + "]";
    }
}
