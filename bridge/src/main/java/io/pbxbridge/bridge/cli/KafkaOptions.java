package io.pbxbridge.bridge.cli;

import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.config.CodecConfig;
import io.pbxbridge.bridge.config.CodecFormat;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.config.KafkaConfig;
import io.pbxbridge.schema.codec.ConfluentCodec;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.pbxbridge.schema.codec.SchemaRegistryClient;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the operator commands find Kafka: the bridge's own configuration file (so security settings,
 * topic prefix and codec match the bridge), or just {@code --bootstrap} for a plain cluster.
 */
public final class KafkaOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The bridge's YAML configuration: bootstrap servers (or the embedded broker's port), "
                    + "security properties, topic prefix and codec.")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers; overrides the configuration's (default: the configuration's, "
                    + "else the embedded broker on localhost).")
    String bootstrap;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Topic prefix (default: the configuration's, else pbx.).")
    String prefix;

    /** The resolved connection: client properties, prefix and value codec settings. */
    record Target(Map<String, Object> clientProperties, String prefix, CodecConfig codec) {
        /** Codec for this target; {@code catalog} resolves single-object fingerprints. */
        RecordCodec codec(SchemaCatalog catalog) {
            if (codec.format() != CodecFormat.CONFLUENT) {
                return new SingleObjectCodec(catalog);
            }
            SchemaRegistryClient.Builder builder = SchemaRegistryClient.builder(codec.registryUrl());
            if (codec.registryUsername() != null) {
                builder.basicAuth(codec.registryUsername(), codec.registryPassword().reveal().toCharArray());
            }
            return new ConfluentCodec(builder.build(), true);
        }

        boolean singleObject() {
            return codec.format() != CodecFormat.CONFLUENT;
        }

        String bootstrapServers() {
            return String.valueOf(clientProperties.get("bootstrap.servers"));
        }
    }

    /** @throws io.pbxbridge.bridge.config.ConfigException when the configuration file is bad */
    Target resolve() {
        BridgeConfig bridge = config == null ? ConfigLoader.defaults() : ConfigLoader.load(config);
        KafkaConfig kafka = bridge.kafka();
        String servers = bootstrap != null ? bootstrap
                : kafka.bootstrapServers() != null ? kafka.bootstrapServers()
                : "localhost:" + kafka.embedded().port();
        Map<String, Object> props = new HashMap<>(kafka.commonClientProperties(servers));
        String topicPrefix = prefix != null ? prefix : kafka.topicPrefix();
        return new Target(props, topicPrefix, bridge.codec());
    }
}
