package io.pbxbridge.connector.spi.tls;

import io.pbxbridge.connector.spi.TlsSettings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;

import java.util.Locale;

/**
 * Applies a PBX's {@link TlsSettings} to an HTTP client: verification against the JVM trust store by
 * default, a configured trust store, a pinned certificate, or (explicitly) none.
 */
public final class PbxTls {
    /** Cipher suites old Grandstream firmware still needs (weak DH groups); enabled only on request. */
    private static final String[] LEGACY_CIPHER_SUITES = {
        "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
        "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"
    };

    private PbxTls() {
    }

    public static <T extends HttpClientOptions> T configure(T options, TlsSettings tls, boolean https) {
        if (!https) {
            return options;
        }
        options.setSsl(true);
        if (tls.insecure()) {
            options.setTrustAll(true).setVerifyHost(false);
        } else if (tls.pinnedSha256() != null && !tls.pinnedSha256().isBlank()) {
            // A pinned certificate is usually self-signed for an IP address: the pin replaces host checks.
            options.setTrustOptions(TrustOptions.wrap(new PinnedCertificateTrustManager(tls.pinnedSha256())))
                    .setVerifyHost(false);
        } else if (tls.trustStorePath() != null && !tls.trustStorePath().isBlank()) {
            String path = tls.trustStorePath();
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
                options.setTrustOptions(new PfxOptions().setPath(path).setPassword(tls.trustStorePassword().reveal()));
            } else {
                options.setTrustOptions(new JksOptions().setPath(path).setPassword(tls.trustStorePassword().reveal()));
            }
            options.setVerifyHost(true);
        } else {
            options.setVerifyHost(true);
        }
        if (tls.legacyCiphers()) {
            for (String suite : LEGACY_CIPHER_SUITES) {
                options.addEnabledCipherSuite(suite);
            }
        }
        return options;
    }
}
