package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.Durations;

import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.TlsSettings;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Applies defaults to a {@link RawConfig} and checks every value; the first problem found is thrown. */
final class ConfigValidator {
    static final Set<String> KNOWN_VENDORS = Set.of("yeastar-s", "grandstream-ucm");
    static final int MIN_REPORT_SECRET_LENGTH = 16;
    static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(5);

    /** Ids go into record keys ({@code pbxId/callId}) and report URLs: no slash, nothing to escape. */
    private static final Pattern PBX_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._-]{0,200}");
    private static final Pattern IPV4_OR_CIDR = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}(/\\d{1,2})?");
    private static final Pattern IPV6_OR_CIDR = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(/\\d{1,3})?");

    private final RawConfig raw;

    ConfigValidator(RawConfig raw) {
        this.raw = raw;
    }

    BridgeConfig validate() {
        String instanceId = raw.instanceId == null ? HostDefaults.instanceId() : raw.instanceId.trim();
        if (instanceId.isEmpty()) {
            throw new ConfigException("instance_id", "must not be empty");
        }
        KafkaConfig kafka = kafka(raw.kafka == null ? new RawConfig.Kafka() : raw.kafka);
        CodecConfig codec = codec(raw.codec == null ? new RawConfig.Codec() : raw.codec);
        IngressConfig ingress = ingress(raw.ingress == null ? new RawConfig.Ingress() : raw.ingress);
        ManagementConfig management = management(raw.management == null ? new RawConfig.Management() : raw.management);
        if (ingress.port() != 0 && ingress.port() == management.port()) {
            throw new ConfigException("management.port", "must differ from ingress.port (" + ingress.port() + ")");
        }
        LoggingConfig logging = new LoggingConfig(raw.logging == null || raw.logging.format == null
                ? LoggingConfig.DEFAULT_FORMAT
                : parse("logging.format", raw.logging.format, LogFormat::fromCode));
        List<PbxConfig> pbxes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<RawConfig.Pbx> rawPbxes = raw.pbxes == null ? List.of() : raw.pbxes;
        for (int i = 0; i < rawPbxes.size(); i++) {
            String path = "pbxes[" + i + "]";
            if (rawPbxes.get(i) == null) {
                throw new ConfigException(path, "empty entry");
            }
            PbxConfig pbx = pbx(path, rawPbxes.get(i));
            if (!ids.add(pbx.id())) {
                throw new ConfigException(path + ".id", "duplicate PBX id '" + pbx.id() + "'");
            }
            pbxes.add(pbx);
        }
        CommandsConfig commands = commands(raw.commands == null ? new RawConfig.Commands() : raw.commands);
        return new BridgeConfig(instanceId, kafka, codec, ingress, management, logging, commands, pbxes);
    }

    private KafkaConfig kafka(RawConfig.Kafka k) {
        String bootstrap = blankToNull(k.bootstrapServers);
        if (bootstrap != null) {
            for (String server : bootstrap.split(",")) {
                if (!server.trim().matches("\\[?[A-Za-z0-9._:-]+]?:\\d{1,5}")) {
                    throw new ConfigException("kafka.bootstrap_servers", "'" + server.trim()
                            + "' is not host:port (comma-separated list expected)");
                }
            }
        }
        RawConfig.Embedded e = k.embedded == null ? new RawConfig.Embedded() : k.embedded;
        int embeddedPort = port("kafka.embedded.port", e.port, EmbeddedKafkaConfig.DEFAULT_PORT, false);
        Path dataDir = path("kafka.embedded.data_dir", e.dataDir == null ? EmbeddedKafkaConfig.DEFAULT_DATA_DIR : e.dataDir);
        String prefix = k.topicPrefix == null ? KafkaConfig.DEFAULT_TOPIC_PREFIX : k.topicPrefix;
        if (!TOPIC_PREFIX.matcher(prefix).matches()) {
            throw new ConfigException("kafka.topic_prefix", "may contain only letters, digits, '.', '_' and '-'");
        }
        int partitions = k.partitions == null ? KafkaConfig.DEFAULT_PARTITIONS : k.partitions;
        if (partitions < 1 || partitions > 10_000) {
            throw new ConfigException("kafka.partitions", "must be between 1 and 10000, got " + partitions);
        }
        Short replication = null;
        if (k.replicationFactor != null) {
            if (k.replicationFactor < 1 || k.replicationFactor > Short.MAX_VALUE) {
                throw new ConfigException("kafka.replication_factor", "must be at least 1, got " + k.replicationFactor);
            }
            replication = k.replicationFactor.shortValue();
        }
        Map<String, String> producer = k.producer == null ? Map.of() : k.producer;
        String acks = producer.get("acks");
        if (acks != null && !acks.equals("all") && !acks.equals("-1")) {
            throw new ConfigException("kafka.producer.acks", "must be 'all': a report is acknowledged to the PBX "
                    + "only after every in-sync replica has it");
        }
        if ("false".equalsIgnoreCase(producer.get("enable.idempotence"))) {
            throw new ConfigException("kafka.producer.enable.idempotence", "must stay true: retries must not "
                    + "duplicate or reorder records");
        }
        Map<String, String> security = k.security == null ? Map.of() : k.security;
        for (String key : security.keySet()) {
            if (!key.equals("security.protocol") && !key.startsWith("sasl.") && !key.startsWith("ssl.")) {
                throw new ConfigException("kafka.security." + key, "only security.protocol, sasl.* and ssl.* "
                        + "client properties belong here (other overrides go to kafka.producer or kafka.consumer)");
            }
        }
        return new KafkaConfig(bootstrap, new EmbeddedKafkaConfig(embeddedPort, dataDir), prefix, partitions,
                replication, k.createTopics == null || k.createTopics, producer,
                k.consumer == null ? Map.of() : k.consumer, security);
    }

    private CodecConfig codec(RawConfig.Codec c) {
        CodecFormat format = c.format == null ? CodecFormat.SINGLE_OBJECT : parse("codec.format", c.format, CodecFormat::fromCode);
        URI registry = c.registryUrl == null ? null : httpUrl("codec.registry_url", c.registryUrl);
        if (format == CodecFormat.CONFLUENT && registry == null) {
            throw new ConfigException("codec.registry_url", "required when codec.format is confluent");
        }
        Secret password = SecretFiles.resolve(c.registryPassword, c.registryPasswordFile,
                "codec.registry_password", "codec.registry_password_file");
        return new CodecConfig(format, registry, blankToNull(c.registryUsername), password);
    }

    private CommandsConfig commands(RawConfig.Commands c) {
        String groupId = c.groupId == null ? CommandsConfig.DEFAULT_GROUP_ID : c.groupId.trim();
        requireNonEmpty("commands.group_id", groupId);
        int concurrency = positive("commands.lane_concurrency", c.laneConcurrency, CommandsConfig.DEFAULT_LANE_CONCURRENCY);
        int backlog = positive("commands.lane_backlog", c.laneBacklog, CommandsConfig.DEFAULT_LANE_BACKLOG);
        return new CommandsConfig(groupId, concurrency, backlog,
                positiveDuration("commands.result_window", c.resultWindow, CommandsConfig.DEFAULT_RESULT_WINDOW),
                positiveDuration("commands.command_timeout", c.commandTimeout, CommandsConfig.DEFAULT_COMMAND_TIMEOUT),
                positiveDuration("commands.unavailable_max_wait", c.unavailableMaxWait,
                        CommandsConfig.DEFAULT_UNAVAILABLE_MAX_WAIT));
    }

    private static java.time.Duration positiveDuration(String key, String text, java.time.Duration defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        java.time.Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key, "must be positive");
        }
        return d;
    }

    private IngressConfig ingress(RawConfig.Ingress in) {
        String host = in.host == null ? IngressConfig.DEFAULT_HOST : in.host.trim();
        requireNonEmpty("ingress.host", host);
        int port = port("ingress.port", in.port, IngressConfig.DEFAULT_PORT, true);
        URI publicBaseUrl;
        if (in.publicBaseUrl != null) {
            publicBaseUrl = httpUrl("ingress.public_base_url", in.publicBaseUrl);
        } else {
            String reachable = isWildcard(host) ? HostDefaults.reachableAddress() : host;
            int advertisedPort = port == 0 ? IngressConfig.DEFAULT_PORT : port;
            publicBaseUrl = URI.create("http://" + (reachable.contains(":") ? "[" + reachable + "]" : reachable)
                    + ":" + advertisedPort);
        }
        int maxBody = positive("ingress.max_body_bytes", in.maxBodyBytes, IngressConfig.DEFAULT_MAX_BODY_BYTES);
        int maxInFlight = positive("ingress.max_in_flight", in.maxInFlight, IngressConfig.DEFAULT_MAX_IN_FLIGHT);
        int retryAfter = positive("ingress.retry_after_seconds", in.retryAfterSeconds, IngressConfig.DEFAULT_RETRY_AFTER_SECONDS);
        int instances = positive("ingress.instances", in.instances, IngressConfig.DEFAULT_INSTANCES);
        if (instances > IngressConfig.MAX_INSTANCES) {
            throw new ConfigException("ingress.instances", "must be at most " + IngressConfig.MAX_INSTANCES + ", got " + instances);
        }
        return new IngressConfig(host, port, publicBaseUrl, maxBody, maxInFlight, retryAfter, instances);
    }

    private ManagementConfig management(RawConfig.Management m) {
        String host = m.host == null ? ManagementConfig.DEFAULT_HOST : m.host.trim();
        requireNonEmpty("management.host", host);
        return new ManagementConfig(host, port("management.port", m.port, ManagementConfig.DEFAULT_PORT, true));
    }

    private PbxConfig pbx(String path, RawConfig.Pbx p) {
        String id = require(path + ".id", p.id);
        if (!PBX_ID.matcher(id).matches()) {
            throw new ConfigException(path + ".id", "'" + id + "' must be 1-64 letters, digits, '_' or '-' "
                    + "(it appears in record keys and report URLs)");
        }
        String vendor = require(path + ".vendor", p.vendor).toLowerCase(Locale.ROOT);
        if (!KNOWN_VENDORS.contains(vendor)) {
            throw new ConfigException(path + ".vendor", "'" + p.vendor + "' is not a known vendor (known: "
                    + String.join(", ", KNOWN_VENDORS.stream().sorted().toList()) + ")");
        }
        URI apiUrl = httpUrl(path + ".api_url", require(path + ".api_url", p.apiUrl));
        String username = require(path + ".username", p.username);
        Secret password = SecretFiles.resolve(p.password, p.passwordFile, path + ".password", path + ".password_file");
        if (password.isEmpty()) {
            throw new ConfigException(path + ".password", "required (or password_file)");
        }
        String apiVersion = blankToNull(p.apiVersion);
        if (vendor.equals("yeastar-s")) {
            // The version fixes the report format: guessing it would garble every report, so no default.
            String given = require(path + ".api_version", apiVersion);
            apiVersion = parse(path + ".api_version", given, YeastarApiVersion::parse).wire();
        }
        Secret reportSecret = SecretFiles.resolve(p.reportSecret, p.reportSecretFile,
                path + ".report_secret", path + ".report_secret_file");
        if (reportSecret.isEmpty()) {
            throw new ConfigException(path + ".report_secret", "required (or report_secret_file): the secret "
                    + "path segment of the report URL, at least " + MIN_REPORT_SECRET_LENGTH + " characters");
        }
        if (reportSecret.reveal().length() < MIN_REPORT_SECRET_LENGTH) {
            throw new ConfigException(path + ".report_secret", "too short: at least " + MIN_REPORT_SECRET_LENGTH
                    + " characters");
        }
        if (!reportSecret.reveal().matches("[A-Za-z0-9._~-]+")) {
            throw new ConfigException(path + ".report_secret", "may contain only letters, digits and . _ ~ - "
                    + "(it is a URL path segment)");
        }
        List<String> sourceIps = p.allowedSourceIps == null ? List.of() : p.allowedSourceIps;
        for (int i = 0; i < sourceIps.size(); i++) {
            String ip = sourceIps.get(i) == null ? "" : sourceIps.get(i).trim();
            if (!IPV4_OR_CIDR.matcher(ip).matches() && !IPV6_OR_CIDR.matcher(ip).matches()) {
                throw new ConfigException(path + ".allowed_source_ips[" + i + "]", "'" + ip
                        + "' is not an IP address or CIDR range");
            }
        }
        TlsSettings tls = tls(path + ".tls", p.tls == null ? new RawConfig.Tls() : p.tls);
        Duration keepAlive = DEFAULT_KEEP_ALIVE;
        if (p.keepAlive != null) {
            keepAlive = parse(path + ".keep_alive", p.keepAlive, Durations::parse);
            if (keepAlive.isNegative() || keepAlive.isZero()) {
                throw new ConfigException(path + ".keep_alive", "must be positive");
            }
        }
        ZoneId zone = p.timeZone == null ? ZoneId.systemDefault() : parse(path + ".time_zone", p.timeZone, ZoneId::of);
        return new PbxConfig(id, vendor, apiUrl, username, password, apiVersion, reportSecret, sourceIps, tls,
                keepAlive, zone, p.options);
    }

    private TlsSettings tls(String path, RawConfig.Tls t) {
        String trustStore = blankToNull(t.trustStore);
        if (trustStore != null && !Files.isReadable(Path.of(trustStore))) {
            throw new ConfigException(path + ".trust_store", "cannot read " + trustStore);
        }
        Secret trustStorePassword = SecretFiles.resolve(t.trustStorePassword, t.trustStorePasswordFile,
                path + ".trust_store_password", path + ".trust_store_password_file");
        String pinned = blankToNull(t.pinnedSha256);
        if (pinned != null) {
            pinned = pinned.replace(":", "").toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(pinned).matches()) {
                throw new ConfigException(path + ".pinned_sha256", "must be a SHA-256 fingerprint: 64 hex digits, "
                        + "colons allowed");
            }
        }
        boolean insecure = t.insecure != null && t.insecure;
        if (insecure && (pinned != null || trustStore != null)) {
            throw new ConfigException(path + ".insecure", "cannot be combined with pinned_sha256 or trust_store");
        }
        return new TlsSettings(trustStore, trustStorePassword, pinned, insecure,
                t.legacyCiphers != null && t.legacyCiphers);
    }

    private static int port(String path, Integer value, int defaultValue, boolean zeroAllowed) {
        int port = value == null ? defaultValue : value;
        if (port < (zeroAllowed ? 0 : 1) || port > 65_535) {
            throw new ConfigException(path, "must be a TCP port between " + (zeroAllowed ? 0 : 1)
                    + " and 65535, got " + port);
        }
        return port;
    }

    private static int positive(String path, Integer value, int defaultValue) {
        int v = value == null ? defaultValue : value;
        if (v < 1) {
            throw new ConfigException(path, "must be at least 1, got " + v);
        }
        return v;
    }

    private static URI httpUrl(String path, String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ConfigException(path, "'" + text + "' must be an http:// or https:// URL");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new ConfigException(path, "'" + text + "' has no host");
            }
            if (uri.getUserInfo() != null) {
                throw new ConfigException(path, "must not contain credentials; use the username and password keys");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(path, "'" + text + "' is not a valid URL: " + e.getReason());
        }
    }

    private static Path path(String keyPath, String text) {
        try {
            return Paths.get(text.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(keyPath, "'" + text + "' is not a valid path");
        }
    }

    private static <T> T parse(String path, String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text.trim());
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new ConfigException(path, e.getMessage());
        }
    }

    private static String require(String path, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(path, "required");
        }
        return value.trim();
    }

    private static void requireNonEmpty(String path, String value) {
        if (value.isEmpty()) {
            throw new ConfigException(path, "must not be empty");
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
