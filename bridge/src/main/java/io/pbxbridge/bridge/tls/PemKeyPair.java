package io.pbxbridge.bridge.tls;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;

import org.slf4j.LoggerFactory;

import javax.net.ssl.X509KeyManager;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A PEM certificate chain and private key that were checked to work together: both parse (through
 * Vert.x's own PEM loader, so what passes here is what the server will load), and the key signs what
 * the certificate's public key verifies. Holds the bytes, to tell when the files changed.
 */
final class PemKeyPair {
    private static final List<String> KEY_TYPES = List.of("RSA", "EC", "EdDSA", "Ed25519", "Ed448", "DSA");

    private final Buffer cert;
    private final Buffer key;
    private final X509Certificate certificate;

    private PemKeyPair(Buffer cert, Buffer key, X509Certificate certificate) {
        this.cert = cert;
        this.key = key;
        this.certificate = certificate;
    }

    /** Blocking (parses and signs): call on a worker. */
    static PemKeyPair check(Vertx vertx, Buffer cert, Buffer key) throws Exception {
        PemKeyCertOptions options = options(cert, key);
        X509KeyManager manager = Arrays.stream(options.getKeyManagerFactory(vertx).getKeyManagers())
                .filter(X509KeyManager.class::isInstance).map(X509KeyManager.class::cast).findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no key manager for the PEM files"));
        for (String type : KEY_TYPES) {
            String[] aliases = manager.getServerAliases(type, null);
            if (aliases == null || aliases.length == 0) {
                continue;
            }
            PrivateKey privateKey = manager.getPrivateKey(aliases[0]);
            X509Certificate[] chain = manager.getCertificateChain(aliases[0]);
            if (chain == null || chain.length == 0) {
                throw new GeneralSecurityException("no certificate in the certificate file");
            }
            requireMatching(privateKey, chain[0]);
            return new PemKeyPair(cert.copy(), key.copy(), chain[0]);
        }
        throw new GeneralSecurityException("no private key with a certificate in the files");
    }

    private static void requireMatching(PrivateKey privateKey, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> privateKey.getAlgorithm(); // EdDSA, Ed25519, Ed448 name their own signature
        };
        byte[] probe = ("pbx-bridge key check " + Instant.now()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the private key does not belong to the certificate ("
                    + certificate.getSubjectX500Principal().getName() + ")");
        }
    }

    PemKeyCertOptions options() {
        return options(cert, key);
    }

    private static PemKeyCertOptions options(Buffer cert, Buffer key) {
        return new PemKeyCertOptions().setCertValue(cert).setKeyValue(key);
    }

    /** An expired certificate is served (clients decide), but said loudly. */
    void warnIfExpired(String configKey) {
        if (certificate.getNotAfter().toInstant().isBefore(Instant.now())) {
            LoggerFactory.getLogger(ReloadingServerTls.class).warn("{}: the certificate expired at {}", configKey,
                    certificate.getNotAfter().toInstant());
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    boolean sameFiles(Buffer otherCert, Buffer otherKey) {
        return cert.equals(otherCert) && key.equals(otherKey);
    }

    String describe() {
        return "certificate " + certificate.getSubjectX500Principal().getName() + " (serial "
                + certificate.getSerialNumber().toString(16) + ", valid until " + certificate.getNotAfter().toInstant() + ")";
    }
}
