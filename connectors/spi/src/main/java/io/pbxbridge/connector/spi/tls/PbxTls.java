package io.pbxbridge.connector.spi.tls;

import io.pbxbridge.connector.spi.TlsSettings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;

import java.util.Locale;
import java.util.function.Consumer;

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
        apply(options, options::setVerifyHost, tls, https);
        return options;
    }

    /** The same rules for a WebSocket client (its host check lives on its own options class). */
    public static WebSocketClientOptions configure(WebSocketClientOptions options, TlsSettings tls, boolean https) {
        apply(options, options::setVerifyHost, tls, https);
        return options;
    }

    private static void apply(ClientOptionsBase options, Consumer<Boolean> verifyHost, TlsSettings tls, boolean https) {
        if (!https) {
            return;
        }
        options.setSsl(true);
        if (tls.insecure()) {
            options.setTrustAll(true);
            verifyHost.accept(false);
        } else if (tls.pinnedSha256() != null && !tls.pinnedSha256().isBlank()) {
            // A pinned certificate is usually self-signed for an IP address: the pin replaces host checks.
            options.setTrustOptions(TrustOptions.wrap(new PinnedCertificateTrustManager(tls.pinnedSha256())));
            verifyHost.accept(false);
        } else if (tls.trustStorePath() != null && !tls.trustStorePath().isBlank()) {
            String path = tls.trustStorePath();
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
                options.setTrustOptions(new PfxOptions().setPath(path).setPassword(tls.trustStorePassword().reveal()));
            } else {
                options.setTrustOptions(new JksOptions().setPath(path).setPassword(tls.trustStorePassword().reveal()));
            }
            verifyHost.accept(true);
        } else {
            verifyHost.accept(true);
        }
        if (tls.legacyCiphers()) {
            for (String suite : LEGACY_CIPHER_SUITES) {
                options.addEnabledCipherSuite(suite);
            }
        }
    }
}
