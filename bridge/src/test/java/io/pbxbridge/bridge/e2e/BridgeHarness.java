package io.pbxbridge.bridge.e2e;

import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.TestConsumer;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import org.apache.avro.specific.SpecificRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A whole bridge (the real {@link BridgeApplication}, configured through YAML like in production) for
 * end-to-end tests, plus helpers to read back what it published.
 */
final class BridgeHarness implements AutoCloseable {
    static final SingleObjectCodec CODEC = new SingleObjectCodec();

    final BridgeApplication app;
    final String prefix;
    final String bootstrap;

    private BridgeHarness(BridgeApplication app, String prefix, String bootstrap) {
        this.app = app;
        this.prefix = prefix;
        this.bootstrap = bootstrap;
    }

    /** One PBX entry of the YAML {@code pbxes} list; {@code entry} holds further keys of the entry (e.g. record_to). */
    record Pbx(String id, String vendor, String apiUrl, String username, String password, String apiVersion,
               String keepAlive, Map<String, String> options, Map<String, String> entry) {
        Pbx(String id, String vendor, String apiUrl, String username, String password, String apiVersion,
            String keepAlive, Map<String, String> options) {
            this(id, vendor, apiUrl, username, password, apiVersion, keepAlive, options, Map.of());
        }

        Pbx with(String key, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(entry);
            more.put(key, value);
            return new Pbx(id, vendor, apiUrl, username, password, apiVersion, keepAlive, options, more);
        }

        String yaml() {
            StringBuilder b = new StringBuilder();
            b.append("  - id: ").append(id).append('\n')
                    .append("    vendor: ").append(vendor).append('\n')
                    .append("    api_url: \"").append(apiUrl).append("\"\n")
                    .append("    username: ").append(username).append('\n')
                    .append("    password: \"").append(password).append("\"\n")
                    .append("    api_version: \"").append(apiVersion).append("\"\n")
                    .append("    report_secret: s3cr3t-report-path-").append(id).append('\n')
                    .append("    keep_alive: ").append(keepAlive).append('\n');
            entry.forEach((k, v) -> b.append("    ").append(k).append(": \"").append(v).append("\"\n"));
            if (!options.isEmpty()) {
                b.append("    options:\n");
                options.forEach((k, v) -> b.append("      ").append(k).append(": \"").append(v).append("\"\n"));
            }
            return b.toString();
        }
    }

    static BridgeHarness start(String bootstrap, String prefix, List<Pbx> pbxes, String kafkaExtra) throws Exception {
        return start("e2e-bridge", bootstrap, prefix, pbxes, kafkaExtra, true);
    }

    /** @param awaitAllSessions wait until this instance runs a session for every PBX (false when PBXes are shared) */
    static BridgeHarness start(String instanceId, String bootstrap, String prefix, List<Pbx> pbxes, String kafkaExtra,
                               boolean awaitAllSessions) throws Exception {
        return start(instanceId, bootstrap, prefix, pbxes, kafkaExtra, awaitAllSessions, 0, "http://127.0.0.1:0");
    }

    /**
     * @param ingressPort   0 = any free port
     * @param publicBaseUrl the report URL base given to PBXes (port 0 = this instance's bound port); another
     *                      instance's address stands for a load balancer that may send a PBX's reports anywhere
     */
    static BridgeHarness start(String instanceId, String bootstrap, String prefix, List<Pbx> pbxes, String kafkaExtra,
                               boolean awaitAllSessions, int ingressPort, String publicBaseUrl) throws Exception {
        return start(instanceId, bootstrap, prefix, pbxes, kafkaExtra, awaitAllSessions, ingressPort, publicBaseUrl, "");
    }

    /** @param ingressExtra further keys of the {@code ingress} section, as a flow-map tail: {@code ", ack_timeout: 2s"} */
    static BridgeHarness start(String instanceId, String bootstrap, String prefix, List<Pbx> pbxes, String kafkaExtra,
                               boolean awaitAllSessions, int ingressPort, String publicBaseUrl, String ingressExtra)
            throws Exception {
        StringBuilder yaml = new StringBuilder("""
                instance_id: %s
                kafka:
                  bootstrap_servers: "%s"
                  topic_prefix: "%s"
                  partitions: 2
                %s
                ingress: {host: 127.0.0.1, port: %d, public_base_url: "%s"%s}
                management: {host: 127.0.0.1, port: 0}
                pbxes:
                """.formatted(instanceId, bootstrap, prefix, kafkaExtra, ingressPort, publicBaseUrl, ingressExtra));
        pbxes.forEach(p -> yaml.append(p.yaml()));
        BridgeConfig config = ConfigLoader.parse(yaml.toString(), Map.of());
        BridgeApplication app = new BridgeApplication(config);
        app.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        // Sessions start once the command group assigned this instance its PBXes.
        io.pbxbridge.bridge.testkit.Await.until("PBX sessions started", () -> app.commands().joined()
                && (!awaitAllSessions || app.sessions().owned().size() == pbxes.size())
                && pbxes.stream().allMatch(p -> app.sessions().session(p.id())
                        .map(s -> s.state() != io.pbxbridge.connector.spi.SessionState.STARTING)
                        .orElse(!awaitAllSessions)));
        return new BridgeHarness(app, prefix, bootstrap);
    }

    /** Reads {@code count} records of a bridge topic (from the beginning) and decodes them. */
    <T extends SpecificRecord> List<Decoded<T>> read(String suffix, int count, Class<T> type, Duration timeout) {
        List<ConsumedRecord> records = new TestConsumer(bootstrap).read(prefix + suffix, count, timeout);
        List<Decoded<T>> out = new ArrayList<>();
        for (ConsumedRecord r : records) {
            out.add(new Decoded<>(r, CODEC.decode(r.topic(), r.value(), type)));
        }
        return out;
    }

    /** Reads a topic from the beginning until {@code done} accepts the decoded records read so far. */
    <T extends SpecificRecord> List<T> readUntil(String suffix, Class<T> type, Duration timeout,
                                                 Predicate<List<T>> done) {
        List<List<T>> last = new ArrayList<>(List.of(List.of()));
        try {
            List<ConsumedRecord> records = new TestConsumer(bootstrap).readUntil(prefix + suffix, timeout, rs -> {
                List<T> decoded = decodeAll(rs, type);
                last.set(0, decoded);
                return done.test(decoded);
            });
            return decodeAll(records, type);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + last.get(0), e);
        }
    }

    static <T extends SpecificRecord> List<T> decodeAll(List<ConsumedRecord> records, Class<T> type) {
        return records.stream().map(r -> CODEC.decode(r.topic(), r.value(), type)).toList();
    }

    @Override
    public void close() {
        app.stopAndWait(Duration.ofSeconds(20));
    }

    record Decoded<T>(ConsumedRecord record, T value) {
    }
}
