package io.pbxbridge.bridge.config;

import java.nio.file.Path;

/**
 * The single-node KRaft broker started when no {@code kafka.bootstrap_servers} is configured.
 *
 * @param port    client listener port on localhost
 * @param dataDir log and metadata directory (kept between runs)
 */
public record EmbeddedKafkaConfig(int port, Path dataDir) {
    public static final int DEFAULT_PORT = 9092;
    public static final String DEFAULT_DATA_DIR = "./pbx-bridge-data/kafka";
}
