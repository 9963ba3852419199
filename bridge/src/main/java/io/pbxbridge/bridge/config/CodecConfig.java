package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.Secret;

import java.net.URI;

/**
 * How record values are framed.
 *
 * @param format           single-object (default) or confluent
 * @param registryUrl      schema registry base URL; required for confluent, else null
 * @param registryUsername basic-auth user for the registry, or null
 * @param registryPassword basic-auth password for the registry (masked in {@link #toString()})
 */
public record CodecConfig(CodecFormat format, URI registryUrl, String registryUsername, Secret registryPassword) {
    public CodecConfig {
        registryPassword = registryPassword == null ? Secret.empty() : registryPassword;
    }
}
