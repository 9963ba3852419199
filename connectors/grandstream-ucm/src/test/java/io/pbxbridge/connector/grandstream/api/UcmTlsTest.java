package io.pbxbridge.connector.grandstream.api;

import io.pbxbridge.connector.grandstream.UcmConnector;
import io.pbxbridge.connector.grandstream.testing.Await;
import io.pbxbridge.connector.grandstream.testing.RecordingSink;
import io.pbxbridge.connector.grandstream.testing.ScriptedUcm;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.spi.TlsSettings;
import io.pbxbridge.connector.spi.tls.PinnedCertificateTrustManager;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.net.URI;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTPS /api and WSS /websockify with a self-signed PBX certificate, as UCMs ship. */
class UcmTlsTest {
    private Vertx vertx;
    private ScriptedUcm ucm;
    private SelfSignedCertificate certificate;
    private PbxSession session;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        ucm = new ScriptedUcm(vertx);
        certificate = SelfSignedCertificate.create("localhost");
        Await.result(ucm.startTls(certificate));
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            Await.result(session.stop());
        }
        Await.result(ucm.stop());
        Await.result(vertx.close());
        certificate.delete();
    }

    private PbxConfig config(TlsSettings tls, Map<String, String> extra) {
        PbxConfig base = TestPbx.config(ucm.port(), ScriptedUcm.API_PASSWORD, extra);
        return new PbxConfig(base.id(), base.vendor(), URI.create("https://127.0.0.1:" + ucm.port()), base.username(),
                base.password(), null, base.reportSecret(), base.allowedSourceIps(), tls, base.keepAlive(), base.timeZone(),
                base.options());
    }

    @Test
    void pinnedSelfSignedCertificateIsTrustedForApiAndWebSocket() throws Exception {
        X509Certificate cert;
        try (FileInputStream in = new FileInputStream(certificate.certificatePath())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String pin = PinnedCertificateTrustManager.fingerprint(cert);
        session = new UcmConnector().session(vertx, config(new TlsSettings(null, null, pin, false, false),
                Map.of("ws_username", ScriptedUcm.WEB_USER, "ws_password", ScriptedUcm.WEB_PASSWORD)),
                TestPbx.context(sink, new TestPbx.States()));
        Await.result(session.start());

        // A loaded machine may time out the first TLS handshake; the session's own retry then gets in.
        Await.until("session up over the pinned certificate", () -> session.state() == SessionState.UP);
        Await.until("WSS subscribed", () -> ucm.openSockets() == 1);
    }

    @Test
    void unverifiableCertificateIsUnreachableNotAnAuthFailure() {
        session = new UcmConnector().session(vertx, config(TlsSettings.verifyingDefaults(), Map.of()),
                TestPbx.context(sink, new TestPbx.States()));
        Await.result(session.start());

        assertThat(session.state()).isEqualTo(SessionState.DOWN);
        assertThat(ucm.requests).isEmpty();
    }

    @Test
    void legacyCiphersOptionTurnsOnTheCompatibilitySwitch() {
        PbxConfig pbx = config(TlsSettings.verifyingDefaults(), Map.of("legacy_ciphers", "true"));
        assertThat(UcmApiClient.tlsSettings(pbx).legacyCiphers()).isTrue();
        assertThat(UcmApiClient.tlsSettings(config(TlsSettings.verifyingDefaults(), Map.of())).legacyCiphers()).isFalse();
    }
}
