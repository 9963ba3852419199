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
 * @param options          vendor-specific settings (documented by each connector)
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

    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }
}
