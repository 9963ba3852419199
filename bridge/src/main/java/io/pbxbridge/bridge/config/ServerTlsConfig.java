package io.pbxbridge.bridge.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTPS for a server of the bridge: a PEM certificate (chain) and its PEM private key (PKCS#8 or
 * PKCS#1, not encrypted), re-read every {@code reloadInterval} and swapped in when they changed.
 *
 * @param certFile       PEM certificate chain, the server's certificate first
 * @param keyFile        PEM private key of that certificate
 * @param reloadInterval how often the files are checked for a new certificate
 */
public record ServerTlsConfig(Path certFile, Path keyFile, Duration reloadInterval) {
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);
}
