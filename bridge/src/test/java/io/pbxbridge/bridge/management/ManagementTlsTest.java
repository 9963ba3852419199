package io.pbxbridge.bridge.management;

import io.pbxbridge.bridge.config.ConfigException;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.config.ManagementConfig;
import io.pbxbridge.bridge.config.ServerTlsConfig;
import io.pbxbridge.bridge.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The management port over HTTPS with a PEM certificate and key, and the certificate rotated in place:
 * the server picks the new pair up without a restart, and refuses a half-written rotation (new
 * certificate, old key) while it keeps serving the previous pair.
 */
class ManagementTlsTest {
    private BridgeMetrics metrics;
    private Vertx vertx;
    private ManagementServer server;
    private Path cert;
    private Path key;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        metrics = new BridgeMetrics("tls-test");
        vertx = metrics.newVertx(new VertxOptions());
        cert = dir.resolve("tls.crt");
        key = dir.resolve("tls.key");
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            Await.result(server.stop());
        }
        Await.result(vertx.close());
        metrics.close();
    }

    /** A fresh self-signed pair for localhost, as PEM files; returns its certificate. */
    private static X509Certificate install(SelfSignedCertificate pair, Path certFile, Path keyFile) throws Exception {
        Path tmpCert = Files.createTempFile(certFile.getParent(), "new", ".crt");
        Path tmpKey = Files.createTempFile(keyFile.getParent(), "new", ".key");
        Files.copy(Path.of(pair.certificatePath()), tmpCert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(pair.privateKeyPath()), tmpKey, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpCert, certFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpKey, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return certificateOf(pair);
    }

    private static X509Certificate certificateOf(SelfSignedCertificate pair) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(pair.certificatePath()))) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private int start(Duration reloadInterval) throws Exception {
        server = new ManagementServer(vertx, new ManagementConfig("127.0.0.1", 0, new ServerTlsConfig(cert, key, reloadInterval)),
                metrics, new ReadinessChecks(vertx, Duration.ofMillis(300)));
        return server.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** A TLS handshake and GET /health/live; returns the certificate the server presented. */
    private static Served get(int port) throws Exception {
        X509Certificate[] seen = new X509Certificate[1];
        TrustManager recordAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{recordAll}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Served(seen[0], response, socket.getSession().getProtocol());
        }
    }

    record Served(X509Certificate certificate, String response, String protocol) {
    }

    @Test
    void servesHttpsWithThePemPairAndNotPlainHttp() throws Exception {
        X509Certificate first = install(SelfSignedCertificate.create("localhost"), cert, key);
        int port = start(Duration.ofMinutes(1));

        Served served = get(port);
        assertThat(served.certificate()).isEqualTo(first);
        assertThat(served.response()).startsWith("HTTP/1.1 200").contains("{\"status\":\"UP\"}");
        assertThat(served.protocol()).isIn("TLSv1.2", "TLSv1.3");
        // A plain-text request gets no HTTP answer from a TLS port.
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(5000);
            plain.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = readSome(plain);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1 200");
        }
    }

    @Test
    void aRotatedCertificateIsServedWithoutARestartAndAHalfWrittenOneIsRefused() throws Exception {
        install(SelfSignedCertificate.create("localhost"), cert, key);
        int port = start(Duration.ofSeconds(1));
        X509Certificate before = get(port).certificate();

        // Half-written rotation: the new certificate, the old key. Refused; the old pair keeps serving.
        SelfSignedCertificate next = SelfSignedCertificate.create("localhost");
        Files.copy(Path.of(next.certificatePath()), cert, StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(2500);
        assertThat(get(port).certificate()).isEqualTo(before);

        // The key arrives: the next check swaps the pair in, for new connections.
        Files.copy(Path.of(next.privateKeyPath()), key, StandardCopyOption.REPLACE_EXISTING);
        X509Certificate expected = certificateOf(next);
        io.pbxbridge.bridge.testkit.Await.until("the rotated certificate is served", () -> {
            try {
                return get(port).certificate().equals(expected);
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(get(port).response()).startsWith("HTTP/1.1 200");
    }

    @Test
    void aKeyThatIsNotTheCertificatesFailsTheStartAsAConfigurationError() throws Exception {
        install(SelfSignedCertificate.create("localhost"), cert, key);
        Files.copy(Path.of(SelfSignedCertificate.create("localhost").privateKeyPath()), key, StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> start(Duration.ofMinutes(1))).rootCause().isInstanceOf(ConfigException.class)
                .hasMessageContaining("management.tls.cert_file").hasMessageContaining("does not belong to the certificate");
        server = null;
    }

    @Test
    void filesThatAreNotPemFailTheStartAsAConfigurationError() throws Exception {
        Files.writeString(cert, "not a certificate");
        Files.writeString(key, "not a key");

        assertThatThrownBy(() -> start(Duration.ofMinutes(1))).rootCause().isInstanceOf(ConfigException.class)
                .hasMessageContaining("management.tls.cert_file");
        server = null;
    }

    @Test
    void bothFilesAreRequiredAndMustBeReadable() throws Exception {
        install(SelfSignedCertificate.create("localhost"), cert, key);
        String base = """
                pbxes:
                  - {id: hq, vendor: yeastar-s, api_url: "https://10.0.0.5:8088", username: api, password: pw,
                     api_version: 2.0.0, report_secret: 0123456789abcdef}
                management:
                  tls:
                """;

        assertThatThrownBy(() -> ConfigLoader.parse(base + "    cert_file: " + cert + "\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("management.tls.key_file");
        assertThatThrownBy(() -> ConfigLoader.parse(base + "    cert_file: " + dir.resolve("absent.crt") + "\n    key_file: "
                + key + "\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("management.tls.cert_file")
                .hasMessageContaining("not a readable file");
        ServerTlsConfig tls = ConfigLoader.parse(base + "    cert_file: " + cert + "\n    key_file: " + key
                + "\n    reload_interval: 30s\n", Map.of()).management().tls();
        assertThat(tls.reloadInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    private static byte[] readSome(Socket socket) throws IOException {
        byte[] buffer = new byte[256];
        try {
            int n = socket.getInputStream().read(buffer);
            return n <= 0 ? new byte[0] : java.util.Arrays.copyOf(buffer, n);
        } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
            return new byte[0];
        }
    }
}
