package io.pbxbridge.bridge.testkit;

import io.vertx.core.net.SelfSignedCertificate;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A separate in-process KRaft broker whose client listener speaks SASL_SSL with SCRAM-SHA-512, as a
 * production cluster does: a self-signed certificate for localhost generated per run (PEM key store and
 * trust store, so no keytool), and a SCRAM user created through the Admin API. The test kit's own
 * PLAINTEXT listener stays for the controller and for the test's setup only; clients given
 * {@link #bootstrapServers()} can reach the broker only over SASL_SSL.
 */
public final class SaslSslKafka implements AutoCloseable {
    public static final String USER = "pbx-bridge";
    private static final String LISTENER = "SECURE";

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Path caCertificate;

    private SaslSslKafka(KafkaClusterTestKit cluster, String bootstrapServers, Path caCertificate) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
        this.caCertificate = caCertificate;
    }

    /** Starts the broker and creates {@link #USER} with {@code password}. */
    public static SaslSslKafka start(String password) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        String chain = Files.readString(Path.of(certificate.certificatePath()));
        String key = Files.readString(Path.of(certificate.privateKeyPath()));
        String prefix = "listener.name." + LISTENER.toLowerCase() + ".";
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build();
        String brokerListener = nodes.brokerListenerName().value();
        String controllerListener = nodes.controllerListenerName().value();
        KafkaClusterTestKit cluster = KafkaBrokerExtension.singleNode(new KafkaClusterTestKit.Builder(nodes))
                .setConfigProp("listeners", brokerListener + "://localhost:0," + controllerListener + "://localhost:0,"
                        + LISTENER + "://localhost:0")
                .setConfigProp("listener.security.protocol.map", brokerListener + ":PLAINTEXT," + controllerListener
                        + ":PLAINTEXT," + LISTENER + ":SASL_SSL")
                .setConfigProp(prefix + "sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .setConfigProp(prefix + "scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp(prefix + SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM")
                .setConfigProp(prefix + SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, chain)
                .setConfigProp(prefix + SslConfigs.SSL_KEYSTORE_KEY_CONFIG, key)
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            try (Admin admin = cluster.admin()) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
            }
            BrokerServer broker = cluster.brokers().values().iterator().next();
            int port = broker.boundPort(new ListenerName(LISTENER));
            return new SaslSslKafka(cluster, "localhost:" + port, Path.of(certificate.certificatePath()));
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** The SASL_SSL listener only. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's certificate (self-signed: it is its own CA), PEM. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** Client properties for {@link #USER} with {@code password}, trusting the broker's certificate. */
    public Map<String, Object> clientConfig(String password) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG, jaas(password),
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM",
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, caCertificate.toString());
    }

    public static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
