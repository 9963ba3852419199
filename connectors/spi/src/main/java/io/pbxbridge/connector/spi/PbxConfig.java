package io.pbxbridge.connector.spi;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import io.pbxbridge.connector.spi.settings.PbxOptions;

import java.util.List;

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
 * @param options          vendor-specific settings, declared by the connector ({@link PbxConnector#options()})
 *                         and parsed when the configuration was loaded; values of keys that name a
 *                         password, secret or token (e.g. Grandstream {@code ws_password}) are masked by
 *                         {@link #toString()}
 */
public record PbxConfig(String id, String vendor, URI apiUrl, String username, Secret password,
                        String apiVersion, Secret reportSecret, List<String> allowedSourceIps,
                        TlsSettings tls, Duration keepAlive, ZoneId timeZone, PbxOptions options) {

    public PbxConfig {
        allowedSourceIps = allowedSourceIps == null ? List.of() : List.copyOf(allowedSourceIps);
        options = options == null ? PbxOptions.none() : options;
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

    /** Like the record's own, with secret option values masked (a config dump must not leak them). */
    @Override
    public String toString() {
        return "PbxConfig[id=" + id + ", vendor=" + vendor + ", apiUrl=" + apiUrl + ", username=" + username
                + ", password=" + password + ", apiVersion=" + apiVersion + ", reportSecret=" + reportSecret
                + ", allowedSourceIps=" + allowedSourceIps + ", tls=" + tls + ", keepAlive=" + keepAlive
                + ", timeZone=" + timeZone + ", options=" + options + "]";
    }
}
