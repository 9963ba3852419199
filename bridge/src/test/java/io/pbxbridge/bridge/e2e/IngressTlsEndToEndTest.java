package io.pbxbridge.bridge.e2e;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.config.ConfigException;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.ingress.IngressSettings;
import io.pbxbridge.bridge.ingress.ReportIngressServer;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.RawHttp;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.schema.ExtensionStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10 item 9: the report ingress over HTTPS, end to end — a whole bridge configured with {@code ingress.tls}
 * (two event loops), a report POSTed over TLS and read back from Kafka, plain HTTP refused on that port, the
 * certificate rotated in place and served by every event loop's server, {@code public_base_url} defaulting to
 * {@code https://}, and a key that is not the certificate's failing the start as a configuration error. (The
 * report comes from an HTTP client: the Yeastar simulator, like the PBX, posts plain HTTP — its login {@code url}
 * has no scheme.)
 */
@WithKafka
class IngressTlsEndToEndTest {
    private static final String SECRET = "tls-report-secret-0123456789";
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        Await.result(vertx.close());
    }

    private static String yaml(String bootstrap, String prefix, String simUrl, Path cert, Path key) {
        return """
                instance_id: tls-bridge
                kafka:
                  bootstrap_servers: "%s"
                  topic_prefix: "%s"
                  partitions: 1
                ingress:
                  host: 127.0.0.1
                  port: 0
                  public_base_url: "https://127.0.0.1:0"
                  instances: 2
                  tls: {cert_file: "%s", key_file: "%s", reload_interval: 1s}
                management: {host: 127.0.0.1, port: 0}
                pbxes:
                  - id: tls-pbx
                    vendor: yeastar-s
                    api_url: "%s"
                    username: api
                    password: "%s"
                    api_version: "1.1.0"
                    report_secret: %s
                """.formatted(bootstrap, prefix, cert, key, simUrl, YeastarEndToEndTest.PASSWORD, SECRET);
    }

    private static X509Certificate install(SelfSignedCertificate pair, Path cert, Path key) throws Exception {
        Files.copy(Path.of(pair.certificatePath()), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(pair.privateKeyPath()), key, StandardCopyOption.REPLACE_EXISTING);
        try (InputStream in = Files.newInputStream(cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void aReportPostedOverHttpsReachesKafkaAndTheCertificateRotatesOnEveryEventLoop(KafkaBroker kafka,
                                                                                   @TempDir Path dir) throws Exception {
        Path cert = dir.resolve("ingress.crt");
        Path key = dir.resolve("ingress.key");
        X509Certificate first = install(SelfSignedCertificate.create("localhost"), cert, key);
        YeastarSimulator sim = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V1_1_0);
        String prefix = kafka.uniquePrefix("ingress-tls");
        BridgeApplication app = new BridgeApplication(ConfigLoader.parse(yaml(kafka.bootstrapServers(), prefix,
                sim.baseUrl(), cert, key), Map.of()));
        try {
            app.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            int port = app.ingressPort();
            String report = "{\"action\":\"ExtensionStatus\",\"extension\":\"1007\",\"status\":\"Registered\",\"sn\":\"1\"}";
            try (SSLSocket socket = RawHttp.connectTls(port)) {
                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(first);
                assertThat(socket.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
                assertThat(socket.getApplicationProtocol()).as("no ALPN, so no HTTP/2").isIn(null, "");
                RawHttp.write(socket, RawHttp.post("/report/tls-pbx/" + SECRET, "application/json",
                        report.getBytes(StandardCharsets.UTF_8)));
                assertThat(RawHttp.read(socket, Duration.ofSeconds(10)).status()).isEqualTo(200);
            }
            List<ExtensionStatus> records = BridgeHarness.decodeAll(kafka.consumer().read(prefix + "extension-status", 1,
                    Duration.ofSeconds(20)), ExtensionStatus.class);
            assertThat(records).extracting(ExtensionStatus::getExtension).containsExactly("1007");

            // Plain HTTP on the TLS port gets no HTTP answer.
            try (Socket plain = RawHttp.connect(port)) {
                RawHttp.write(plain, RawHttp.post("/report/tls-pbx/" + SECRET, "application/json",
                        report.getBytes(StandardCharsets.UTF_8)));
                assertThat(RawHttp.read(plain, Duration.ofSeconds(3)).status()).isNotEqualTo(200);
            }

            // Rotated in place: every event loop's server presents the new certificate to new connections.
            X509Certificate next = install(SelfSignedCertificate.create("localhost"), cert, key);
            Await.until("the rotated certificate served on every connection", () -> {
                for (int i = 0; i < 6; i++) {
                    try (SSLSocket socket = RawHttp.connectTls(port)) {
                        if (!socket.getSession().getPeerCertificates()[0].equals(next)) {
                            return false;
                        }
                    } catch (Exception e) {
                        return false;
                    }
                }
                return true;
            });
        } finally {
            app.stopAndWait(Duration.ofSeconds(20));
            Await.result(sim.stop());
        }
    }

    @Test
    void publicBaseUrlDefaultsToHttpsAndABadPairFailsTheStart(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("ingress.crt");
        Path key = dir.resolve("ingress.key");
        install(SelfSignedCertificate.create("localhost"), cert, key);
        String yaml = """
                pbxes:
                  - {id: hq, vendor: yeastar-s, api_url: "https://10.0.0.5:8088", username: api, password: pw,
                     api_version: 2.0.0, report_secret: 0123456789abcdef}
                ingress:
                  host: 10.1.2.3
                  tls: {cert_file: "%s", key_file: "%s"}
                """.formatted(cert, key);
        BridgeConfig config = ConfigLoader.parse(yaml, Map.of());
        assertThat(config.ingress().publicBaseUrl().toString()).isEqualTo("https://10.1.2.3:8260");
        assertThat(ConfigLoader.parse(yaml.replace("  tls: {cert_file: \"" + cert + "\", key_file: \"" + key + "\"}\n", ""),
                Map.of()).ingress().publicBaseUrl().toString()).isEqualTo("http://10.1.2.3:8260");

        // A key that is not the certificate's: the ingress does not start (exit 2 from `run`).
        Files.copy(Path.of(SelfSignedCertificate.create("localhost").privateKeyPath()), key, StandardCopyOption.REPLACE_EXISTING);
        ReportIngressServer server = new ReportIngressServer(vertx, IngressSettings.of(config.ingress()), Map.of(),
                records -> Future.succeededFuture(), new BridgeInfo("t", "t"), new SimpleMeterRegistry());
        assertThatThrownBy(() -> Await.result(server.start())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingress.tls.cert_file").hasMessageContaining("does not belong to the certificate");
    }
}
