package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.PbxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    static final String SECRET = "s3cr3t-report-path-0123";
    static final String PASSWORD = "pbx-Passw0rd!";

    static String yeastar(String extra) {
        return """
                pbxes:
                  - id: office-1
                    vendor: yeastar-s
                    api_url: https://10.0.0.5:8088
                    username: api
                    password: "%s"
                    api_version: 2.0.0
                    report_secret: %s
                %s""".formatted(PASSWORD, SECRET, extra);
    }

    @Test
    void defaultsWithoutFile() {
        BridgeConfig c = ConfigLoader.defaults();
        assertThat(c.instanceId()).endsWith("-" + ProcessHandle.current().pid());
        assertThat(c.kafka().embeddedBroker()).isTrue();
        assertThat(c.kafka().embedded().port()).isEqualTo(9092);
        assertThat(c.kafka().embedded().dataDir()).isEqualTo(Path.of("./pbx-bridge-data/kafka"));
        assertThat(c.kafka().topicPrefix()).isEqualTo("pbx.");
        assertThat(c.kafka().partitions()).isEqualTo(6);
        assertThat(c.kafka().replicationFactorOrBrokerDefault()).isEmpty();
        assertThat(c.kafka().createTopics()).isTrue();
        assertThat(c.codec().format()).isEqualTo(CodecFormat.SINGLE_OBJECT);
        assertThat(c.ingress().port()).isEqualTo(8260);
        assertThat(c.ingress().host()).isEqualTo("0.0.0.0");
        assertThat(c.ingress().publicBaseUrl().getPort()).isEqualTo(8260);
        assertThat(c.ingress().publicBaseUrl().getScheme()).isEqualTo("http");
        assertThat(c.ingress().maxBodyBytes()).isEqualTo(65536);
        assertThat(c.ingress().maxInFlight()).isEqualTo(1000);
        assertThat(c.ingress().retryAfterSeconds()).isEqualTo(5);
        assertThat(c.ingress().ackTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.ingress().instances()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
        assertThat(c.management().port()).isEqualTo(8081);
        assertThat(c.logging().format()).isEqualTo(LogFormat.TEXT);
        assertThat(c.commands()).isEqualTo(CommandsConfig.defaults());
        assertThat(c.commands().groupId()).isEqualTo("pbx-bridge");
        assertThat(c.commands().resultWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(c.sessions()).isEqualTo(SessionsConfig.defaults());
        assertThat(c.sessions().maxConcurrentLogins()).isEqualTo(32);
        assertThat(c.sessions().startJitter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.pbxes()).isEmpty();
    }

    @Test
    void emptyFileMeansDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("empty.yaml"), "");
        BridgeConfig c = ConfigLoader.load(file, Map.of());
        assertThat(c.management().port()).isEqualTo(8081);
    }

    @Test
    void fullFileMapsToTypedConfig() {
        BridgeConfig c = ConfigLoader.parse("""
                instance_id: bridge-a
                kafka:
                  bootstrap_servers: kafka-1:9092,kafka-2:9092
                  topic_prefix: tel.
                  partitions: 12
                  replication_factor: 3
                  create_topics: false
                  producer: {linger.ms: 5, acks: all}
                  consumer: {max.poll.records: 100}
                  security: {security.protocol: SASL_SSL, sasl.mechanism: PLAIN}
                codec: {format: confluent, registry_url: "http://registry:8081", registry_username: u, registry_password: p}
                ingress: {host: 10.1.1.1, port: 8300, max_body_bytes: 1000, max_in_flight: 10, retry_after_seconds: 2, instances: 3}
                management: {host: 127.0.0.1, port: 9000}
                logging: {format: json}
                """ + yeastar("""
                    allowed_source_ips: [10.0.0.5, 10.0.1.0/24]
                    tls: {pinned_sha256: "AB:%s", legacy_ciphers: true}
                    keep_alive: 10m
                    time_zone: Europe/Berlin
                    options: {request_timeout: "5s"}
                """.formatted("cd".repeat(31))), Map.of());
        assertThat(c.instanceId()).isEqualTo("bridge-a");
        assertThat(c.kafka().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(c.kafka().embeddedBroker()).isFalse();
        assertThat(c.kafka().topicPrefix()).isEqualTo("tel.");
        assertThat(c.kafka().partitions()).isEqualTo(12);
        assertThat(c.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(c.kafka().createTopics()).isFalse();
        assertThat(c.kafka().producer()).containsEntry("linger.ms", "5");
        assertThat(c.kafka().consumer()).containsEntry("max.poll.records", "100");
        assertThat(c.kafka().commonClientProperties("k:1")).containsEntry("bootstrap.servers", "k:1")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(c.codec().format()).isEqualTo(CodecFormat.CONFLUENT);
        assertThat(c.codec().registryUrl()).isEqualTo(URI.create("http://registry:8081"));
        assertThat(c.codec().registryPassword().reveal()).isEqualTo("p");
        assertThat(c.ingress().publicBaseUrl()).isEqualTo(URI.create("http://10.1.1.1:8300"));
        assertThat(c.ingress().instances()).isEqualTo(3);
        assertThat(c.management().port()).isEqualTo(9000);
        assertThat(c.logging().format()).isEqualTo(LogFormat.JSON);
        PbxConfig pbx = c.pbx("office-1").orElseThrow();
        assertThat(pbx.vendor()).isEqualTo("yeastar-s");
        assertThat(pbx.apiUrl()).isEqualTo(URI.create("https://10.0.0.5:8088"));
        assertThat(pbx.username()).isEqualTo("api");
        assertThat(pbx.password().reveal()).isEqualTo(PASSWORD);
        assertThat(pbx.apiVersion()).isEqualTo("2.0.0");
        assertThat(pbx.reportSecret().reveal()).isEqualTo(SECRET);
        assertThat(pbx.allowedSourceIps()).containsExactly("10.0.0.5", "10.0.1.0/24");
        assertThat(pbx.tls().pinnedSha256()).isEqualTo("ab" + "cd".repeat(31));
        assertThat(pbx.tls().legacyCiphers()).isTrue();
        assertThat(pbx.tls().insecure()).isFalse();
        assertThat(pbx.keepAlive()).isEqualTo(Duration.ofMinutes(10));
        assertThat(pbx.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(pbx.options().asWritten()).containsEntry("request_timeout", "5s");
    }

    @Test
    void unknownKeyIsNamedWithItsPath() {
        assertThatThrownBy(() -> ConfigLoader.parse(yeastar("    api_urll: x\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("pbxes[0].api_urll: unknown key")
                .satisfies(e -> assertThat(((ConfigException) e).keyPath()).isEqualTo("pbxes[0].api_urll"));
        assertThatThrownBy(() -> ConfigLoader.parse("kafka:\n  embedded:\n    prot: 1\n", Map.of()))
                .hasMessageStartingWith("kafka.embedded.prot: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("ingres: {}\n", Map.of()))
                .hasMessageStartingWith("ingres: unknown key");
    }

    @Test
    void badTypeIsNamedWithItsPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("ingress:\n  port: eighty\n", Map.of()))
                .hasMessageStartingWith("ingress.port: 'eighty' is not a valid whole number");
        assertThatThrownBy(() -> ConfigLoader.parse("kafka: [1, 2]\n", Map.of()))
                .hasMessageStartingWith("kafka: expected");
        assertThatThrownBy(() -> ConfigLoader.parse("- a\n- b\n", Map.of()))
                .hasMessageContaining("must be a YAML mapping");
        assertThatThrownBy(() -> ConfigLoader.parse("a: [unclosed\n", Map.of()))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void missingFileIsAConfigError(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void environmentSubstitution() {
        BridgeConfig c = ConfigLoader.parse("""
                instance_id: "${POD}-x"
                kafka: {bootstrap_servers: "${KAFKA}", partitions: "${PARTS:-3}"}
                ingress: {port: "${PORT:-8300}", public_base_url: "https://${EMPTY:-pbx.example.com}/in"}
                management: {host: "$${literal}"}
                """, Map.of("POD", "pod-7", "KAFKA", "k1:9092", "PORT", "8400", "EMPTY", ""));
        assertThat(c.instanceId()).isEqualTo("pod-7-x");
        assertThat(c.kafka().bootstrapServers()).isEqualTo("k1:9092");
        assertThat(c.kafka().partitions()).isEqualTo(3);
        assertThat(c.ingress().port()).isEqualTo(8400);
        assertThat(c.ingress().publicBaseUrl()).isEqualTo(URI.create("https://pbx.example.com/in"));
        assertThat(c.management().host()).isEqualTo("${literal}");
    }

    @Test
    void unsetVariableWithoutDefaultIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse("pbxes:\n  - password: ${PBX_PASS}\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("pbxes[0].password: environment variable PBX_PASS is not set");
        assertThatThrownBy(() -> ConfigLoader.parse("instance_id: ${OPEN\n", Map.of()))
                .hasMessageStartingWith("instance_id: unterminated");
    }

    @Test
    void secretsFromFiles(@TempDir Path dir) throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "from-file-pw\n");
        Path rs = Files.writeString(dir.resolve("rs"), "file-report-secret-123456\r\n");
        Path reg = Files.writeString(dir.resolve("reg"), "registry-pw");
        Path tsp = Files.writeString(dir.resolve("tsp"), "store-pw");
        Path store = Files.writeString(dir.resolve("store.p12"), "not really a store");
        BridgeConfig c = ConfigLoader.parse("""
                codec: {registry_password_file: %s}
                pbxes:
                  - id: a
                    vendor: grandstream-ucm
                    api_url: https://ucm:8089
                    username: cdrapi
                    password_file: %s
                    report_secret_file: %s
                    tls: {trust_store: %s, trust_store_password_file: %s}
                """.formatted(reg, pw, rs, store, tsp), Map.of());
        PbxConfig pbx = c.pbxes().get(0);
        assertThat(pbx.password().reveal()).isEqualTo("from-file-pw");
        assertThat(pbx.reportSecret().reveal()).isEqualTo("file-report-secret-123456");
        assertThat(pbx.tls().trustStorePassword().reveal()).isEqualTo("store-pw");
        assertThat(c.codec().registryPassword().reveal()).isEqualTo("registry-pw");
        assertThat(pbx.apiVersion()).isNull();
    }

    @Test
    void secretFileProblems(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.parse(yeastar("    password_file: /x\n"), Map.of()))
                .hasMessageStartingWith("pbxes[0].password: set either this key or password_file, not both");
        assertThatThrownBy(() -> ConfigLoader.parse(yeastar("").replace("password: \"" + PASSWORD + "\"",
                "password_file: " + dir.resolve("missing")), Map.of()))
                .hasMessageStartingWith("pbxes[0].password_file: cannot read secret file");
    }

    @Test
    void secretsNeverAppearInToString(@TempDir Path dir) throws Exception {
        Path reg = Files.writeString(dir.resolve("reg"), "registry-pw-xyz");
        BridgeConfig c = ConfigLoader.parse("""
                kafka:
                  bootstrap_servers: k:9092
                  security:
                    sasl.jaas.config: "org.apache.kafka.common.security.plain.PlainLoginModule required password='jaas-pw-xyz';"
                    ssl.truststore.password: truststore-pw-xyz
                  producer: {ssl.key.password: key-pw-xyz, key.serializer: org.example.S}
                codec: {format: confluent, registry_url: "http://r:8081", registry_password_file: %s}
                """.formatted(reg) + yeastar("    tls: {trust_store_password: tls-pw-xyz}\n"), Map.of());
        String dump = c.toString();
        assertThat(dump).doesNotContain(PASSWORD, SECRET, "registry-pw-xyz", "jaas-pw-xyz", "truststore-pw-xyz",
                "key-pw-xyz", "tls-pw-xyz");
        assertThat(dump).contains("office-1", "******", "org.example.S", "sasl.jaas.config");
    }
}
