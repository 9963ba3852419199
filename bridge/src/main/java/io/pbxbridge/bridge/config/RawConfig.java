package io.pbxbridge.bridge.config;

import java.util.List;
import java.util.Map;

/**
 * The YAML file as Jackson binds it (snake_case keys, unknown keys rejected). Every field is nullable:
 * {@link ConfigValidator} applies defaults and turns this into a {@link BridgeConfig}.
 */
final class RawConfig {
    public String instanceId;
    public Kafka kafka;
    public Codec codec;
    public Ingress ingress;
    public Management management;
    public Logging logging;
    public Commands commands;
    public List<Pbx> pbxes;

    static final class Kafka {
        public String bootstrapServers;
        public Embedded embedded;
        public String topicPrefix;
        public Integer partitions;
        public Integer replicationFactor;
        public Boolean createTopics;
        public Map<String, String> producer;
        public Map<String, String> consumer;
        public Map<String, String> security;
    }

    static final class Embedded {
        public Integer port;
        public String dataDir;
    }

    static final class Codec {
        public String format;
        public String registryUrl;
        public String registryUsername;
        public String registryPassword;
        public String registryPasswordFile;
    }

    static final class Ingress {
        public String host;
        public Integer port;
        public String publicBaseUrl;
        public Integer maxBodyBytes;
        public Integer maxInFlight;
        public Integer retryAfterSeconds;
        public Integer instances;
    }

    static final class Management {
        public String host;
        public Integer port;
    }

    static final class Commands {
        public String groupId;
        public Integer laneConcurrency;
        public Integer laneBacklog;
        public String resultWindow;
        public String commandTimeout;
        public String unavailableMaxWait;
    }

    static final class Logging {
        public String format;
    }

    static final class Pbx {
        public String id;
        public String vendor;
        public String apiUrl;
        public String username;
        public String password;
        public String passwordFile;
        public String apiVersion;
        public String reportSecret;
        public String reportSecretFile;
        public List<String> allowedSourceIps;
        public Tls tls;
        public String keepAlive;
        public String timeZone;
        public Map<String, String> options;
    }

    static final class Tls {
        public String trustStore;
        public String trustStorePassword;
        public String trustStorePasswordFile;
        public String pinnedSha256;
        public Boolean insecure;
        public Boolean legacyCiphers;
    }
}
