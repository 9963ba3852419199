package io.pbxbridge.bridge.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each validation rule: the YAML fragment and the key path + problem the error must start with. */
class ConfigValidationTest {

    private static final String PBX = """
            pbxes:
              - id: office-1
                vendor: yeastar-s
                api_url: https://10.0.0.5:8088
                username: api
                password: pw
                api_version: 2.0.0
                report_secret: 0123456789abcdef
            """;

    /** Replaces one line {@code key: value} of the PBX entry, or appends it when absent. */
    private static String pbxWith(String key, String value) {
        StringBuilder out = new StringBuilder();
        boolean replaced = false;
        for (String line : PBX.split("\n")) {
            String trimmed = line.trim().replaceFirst("^- ", "");
            if (trimmed.startsWith(key + ":")) {
                replaced = true;
                if (value != null) {
                    out.append(line, 0, line.indexOf(key)).append(key).append(": ").append(value).append('\n');
                }
            } else {
                out.append(line).append('\n');
            }
        }
        if (!replaced && value != null) {
            out.append("    ").append(key).append(": ").append(value).append('\n');
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "id          | ''                     | pbxes[0].id: required",
            "id          | 'a/b'                  | pbxes[0].id: 'a/b' must be",
            "vendor      | NULL                   | pbxes[0].vendor: required",
            "vendor      | avaya                  | pbxes[0].vendor: 'avaya' is not a known vendor",
            "api_url     | NULL                   | pbxes[0].api_url: required",
            "api_url     | 'ftp://pbx'            | pbxes[0].api_url: 'ftp://pbx' must be an http",
            "api_url     | 'https://a b'          | pbxes[0].api_url: 'https://a b' is not a valid URL",
            "api_url     | 'https://u:p@pbx'      | pbxes[0].api_url: must not contain credentials",
            "username    | NULL                   | pbxes[0].username: required",
            "password    | NULL                   | pbxes[0].password: required",
            "api_version | NULL                   | pbxes[0].api_version: required",
            "api_version | 3.0                    | pbxes[0].api_version: unsupported Yeastar API version",
            "report_secret | NULL                 | pbxes[0].report_secret: required",
            "report_secret | short                | pbxes[0].report_secret: too short",
            "report_secret | '0123456789abcdef/x'  | pbxes[0].report_secret: may contain only",
            "allowed_source_ips | '[pbx.lan]'     | pbxes[0].allowed_source_ips[0]: 'pbx.lan' is not an IP",
            "keep_alive  | soon                   | pbxes[0].keep_alive: 'soon' is not a duration",
            "keep_alive  | 0s                     | pbxes[0].keep_alive: must be positive",
            "time_zone   | Mars/Base              | pbxes[0].time_zone:",
            "tls         | '{pinned_sha256: abc}' | pbxes[0].tls.pinned_sha256: must be a SHA-256",
            "tls         | '{trust_store: /no/such/store}' | pbxes[0].tls.trust_store: cannot read",
            "options     | '{request_timout: 5s}'  | pbxes[0].options.request_timout: unknown option (known options: backoff_base, backoff_max, bootup_relogin_interval, connection_idle_timeout, lockout_wait, request_timeout)",
            "options     | '{request_timeout: soon}' | pbxes[0].options.request_timeout: 'soon' is not a duration",
            "tls         | '{insecure: true, pinned_sha256: \"" + "abababababababababababababababababababababababababababababababab" + "\"}' | pbxes[0].tls.insecure: cannot be combined",
            "record_max_bytes | 100               | pbxes[0].record_max_bytes: must be at least 4096",
            "record_max_bytes | lots              | pbxes[0].record_max_bytes:",
    })
    void pbxRule(String key, String value, String expectedStart) {
        assertThatThrownBy(() -> ConfigLoader.parse(pbxWith(key, value), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expectedStart);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'ingress: {port: 70000}'                         | ingress.port: must be a TCP port",
            "'ingress: {port: -1}'                            | ingress.port: must be a TCP port",
            "'management: {port: 8260}'                       | management.port: must differ from ingress.port",
            "'kafka: {embedded: {port: 0}}'                   | kafka.embedded.port: must be a TCP port",
            "'ingress: {public_base_url: \"pbx-bridge:8260\"}'  | ingress.public_base_url:",
            "'ingress: {max_body_bytes: 0}'                   | ingress.max_body_bytes: must be at least 1",
            "'ingress: {max_in_flight: 0}'                    | ingress.max_in_flight: must be at least 1",
            "'ingress: {retry_after_seconds: 0}'              | ingress.retry_after_seconds: must be at least 1",
            "'ingress: {instances: 0}'                        | ingress.instances: must be between 1 and 256, got 0",
            "'ingress: {instances: 1000}'                     | ingress.instances: must be between 1 and 256, got 1000",
            "'kafka: {partitions: 0}'                         | kafka.partitions: must be between",
            "'kafka: {replication_factor: 0}'                 | kafka.replication_factor: must be at least 1",
            "'kafka: {topic_prefix: \"a/b\"}'                   | kafka.topic_prefix: may contain only",
            "'kafka: {bootstrap_servers: \"kafka\"}'            | kafka.bootstrap_servers: 'kafka' is not host:port",
            "'kafka: {producer: {acks: \"1\"}}'                 | kafka.producer.acks: must be 'all'",
            "'kafka: {producer: {enable.idempotence: \"false\"}}' | kafka.producer.enable.idempotence: must stay true",
            "'kafka: {security: {linger.ms: \"5\"}}'            | kafka.security.linger.ms: only",
            "'codec: {format: protobuf}'                      | codec.format: 'protobuf' is not one of",
            "'codec: {format: confluent}'                     | codec.registry_url: required",
            "'logging: {format: xml}'                         | logging.format: 'xml' is not one of",
            "'instance_id: \"\"'                                | instance_id: must not be empty",
            "'commands: {lane_concurrency: 0}'                | commands.lane_concurrency: must be at least 1",
            "'commands: {lane_backlog: 0}'                    | commands.lane_backlog: must be at least 1",
            "'commands: {group_id: \" \"}'                     | commands.group_id: must not be empty",
            "'commands: {result_window: soon}'                | commands.result_window: 'soon' is not a duration",
            "'commands: {command_timeout: 0s}'                | commands.command_timeout: must be positive",
            "'commands: {unavailable_max_wait: -5s}'          | commands.unavailable_max_wait:",
            "'sessions: {max_concurrent_logins: 0}'           | sessions.max_concurrent_logins: must be between 1 and 100000",
            "'sessions: {start_jitter: -1s}'                  | sessions.start_jitter:",
            "'sessions: {max_logins: 5}'                      | sessions.max_logins: unknown key",
    })
    void sectionRule(String yaml, String expectedStart) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expectedStart);
    }

    @org.junit.jupiter.api.Test
    void recordToNamesTheCaptureFileOfThatPbx() {
        BridgeConfig config = ConfigLoader.parse(pbxWith("record_to", "/var/lib/pbx-bridge/office-1.capture.jsonl")
                + "    record_max_bytes: 1048576\n", Map.of());
        org.assertj.core.api.Assertions.assertThat(config.recordings()).containsOnlyKeys("office-1");
        RecordingConfig recording = config.recordings().get("office-1");
        org.assertj.core.api.Assertions.assertThat(recording.file())
                .isEqualTo(java.nio.file.Path.of("/var/lib/pbx-bridge/office-1.capture.jsonl"));
        org.assertj.core.api.Assertions.assertThat(recording.maxBytes()).isEqualTo(1_048_576);
        org.assertj.core.api.Assertions.assertThat(ConfigLoader.parse(PBX, Map.of()).recordings()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void optionsAreCheckedByTheVendorsConnector() {
        String ucm = pbxWith("vendor", "grandstream-ucm").replace("    api_version: 2.0.0\n", "")
                + "    options: {event_buffer: \"0\", cdr_page_size: \"5000\"}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(ucm, Map.of()))
                .hasMessageStartingWith("pbxes[0].options.event_buffer: must be at least 1, got 0");
    }

    @org.junit.jupiter.api.Test
    void everyProblemIsReportedInOneRunOneLineEach() {
        String yaml = """
                kafka: {partitions: 0, producer: {acks: "1"}}
                ingress: {port: 8081, max_in_flight: 0}
                commands: {lane_backlog: zero}
                pbxes:
                  - id: a/b
                    vendor: yeastar-s
                    api_url: ftp://pbx
                    username: api
                    password: pw
                    report_secret: short
                    options: {request_timeout: soon, colour: blue}
                """;
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.problems()).extracting(p -> p.key()).containsExactly(
                        "kafka.partitions", "kafka.producer.acks", "ingress.max_in_flight", "management.port",
                        "commands.lane_backlog", "pbxes[0].id", "pbxes[0].api_url", "pbxes[0].report_secret",
                        "pbxes[0].options.request_timeout", "pbxes[0].options.colour", "pbxes[0].api_version"));
    }

    @org.junit.jupiter.api.Test
    void duplicateIds() {
        String twice = PBX + PBX.substring(PBX.indexOf("  - id"));
        assertThatThrownBy(() -> ConfigLoader.parse(twice, Map.of()))
                .hasMessageStartingWith("pbxes[1].id: duplicate PBX id 'office-1'");
    }
}
