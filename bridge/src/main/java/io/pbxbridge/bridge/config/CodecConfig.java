package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.net.URI;
import java.util.List;

/**
 * How record values are framed.
 *
 * @param format           single-object (default) or confluent
 * @param registryUrl      schema registry base URL; required for confluent, else null
 * @param registryUsername basic-auth user for the registry, or null
 * @param registryPassword basic-auth password for the registry (masked in {@link #toString()})
 */
public record CodecConfig(CodecFormat format, URI registryUrl, String registryUsername, Secret registryPassword) {
    static final Setting<CodecFormat> FORMAT = Setting.of("format", ValueType.of(CodecFormat::fromCode, CodecFormat::code))
            .withDefault(CodecFormat.SINGLE_OBJECT)
            .doc("`single-object`: Avro single-object encoding (`C3 01` + 8-byte schema fingerprint + body); schemas "
                    + "are published to the compacted `pbx.schemas` topic, so consumers need no registry. `confluent`: "
                    + "Confluent framing (`0x00` + 4-byte schema id) with schemas registered in a Confluent-compatible "
                    + "registry.");
    static final Setting<URI> REGISTRY_URL = Setting.of("registry_url", ConfigTypes.HTTP_URL)
            .doc("Schema registry base URL; required for `confluent`.");
    static final Setting<String> REGISTRY_USERNAME = Setting.of("registry_username", ConfigTypes.OPTIONAL_TEXT)
            .doc("Basic-auth user for the registry.");
    static final Setting<String> REGISTRY_PASSWORD = Setting.of("registry_password", ConfigTypes.SECRET)
            .withDocKey("`registry_password` / `registry_password_file`").doc("Basic-auth password for the registry.");

    static final List<Setting<?>> KEYS = List.of(FORMAT, REGISTRY_URL, REGISTRY_USERNAME, REGISTRY_PASSWORD);

    public CodecConfig {
        registryPassword = registryPassword == null ? Secret.empty() : registryPassword;
    }

    static CodecConfig read(ConfigSection in) {
        in.rejectUnknownKeys(KEYS, List.of());
        CodecFormat format = in.get(FORMAT);
        URI registry = in.get(REGISTRY_URL);
        if (format == CodecFormat.CONFLUENT && registry == null) {
            in.problem(REGISTRY_URL.key(), "required when codec.format is confluent");
        }
        return new CodecConfig(format, registry, in.get(REGISTRY_USERNAME), in.secret(REGISTRY_PASSWORD));
    }
}
