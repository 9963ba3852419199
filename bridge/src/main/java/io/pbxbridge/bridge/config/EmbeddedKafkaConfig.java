package io.pbxbridge.bridge.config;

import java.nio.file.Path;

/**
 * The single-node KRaft broker started when no {@code kafka.bootstrap_servers} is configured (its keys,
 * {@code kafka.embedded.*}, are defined in {@link KafkaConfig}).
 *
 * @param port    client listener port on localhost
 * @param dataDir log and metadata directory (kept between runs)
 */
public record EmbeddedKafkaConfig(int port, Path dataDir) {
}
