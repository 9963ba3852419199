package io.pbxbridge.connector.spi.tls;

import javax.net.ssl.X509TrustManager;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Trusts exactly one server certificate, identified by the SHA-256 of its DER encoding (the value
 * {@code openssl x509 -fingerprint -sha256} prints; colons optional). For PBXes with self-signed
 * certificates: safer than trusting all, simpler than a trust store.
 */
public final class PinnedCertificateTrustManager implements X509TrustManager {
    private final String expected;

    public PinnedCertificateTrustManager(String sha256) {
        this.expected = normalize(sha256);
        if (expected.length() != 64) {
            throw new IllegalArgumentException("pinned_sha256 must be 32 bytes in hex (64 digits, colons allowed)");
        }
    }

    static String normalize(String fingerprint) {
        return fingerprint.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }

    public static String fingerprint(X509Certificate certificate) throws CertificateEncodingException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("PBX presented no certificate");
        }
        String actual = fingerprint(chain[0]);
        if (!actual.equals(expected)) {
            throw new CertificateException("PBX certificate SHA-256 " + actual + " does not match the pinned fingerprint");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
