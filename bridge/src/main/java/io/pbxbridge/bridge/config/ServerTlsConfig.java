package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * HTTPS for a server of the bridge: a PEM certificate (chain) and its PEM private key (PKCS#8 or
 * PKCS#1, not encrypted), re-read every {@code reloadInterval} and swapped in when they changed. The
 * same {@code tls.*} keys serve every server section that offers HTTPS.
 *
 * @param certFile       PEM certificate chain, the server's certificate first
 * @param keyFile        PEM private key of that certificate
 * @param reloadInterval how often the files are checked for a new certificate
 */
public record ServerTlsConfig(Path certFile, Path keyFile, Duration reloadInterval) {
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);

    /** The three {@code tls.*} settings of a server section; {@code server} names it in the docs. */
    static List<Setting<?>> settings(String server) {
        return List.of(
                Setting.of("tls.cert_file", ValueType.path()).withDefaultText("none (plain HTTP)")
                        .doc("PEM certificate (chain, the server's certificate first). With `tls.key_file` the "
                                + server + " serves HTTPS only (TLS 1.2/1.3)."),
                Setting.of("tls.key_file", ValueType.path())
                        .doc("PEM private key of that certificate (PKCS#8 or PKCS#1, not encrypted). A key that does "
                                + "not belong to the certificate, or a file that is not PEM, stops the start with exit 2."),
                Setting.of("tls.reload_interval", ValueType.duration()).withDefault(DEFAULT_RELOAD_INTERVAL)
                        .doc("How often both files are re-read. Changed files that form a valid pair are served to new "
                                + "connections without a restart; a half-written rotation is refused (once in the log) "
                                + "and the previous pair kept."));
    }

    /** Reads the {@link #settings} of a section: both files or none; null when HTTPS is off. */
    @SuppressWarnings("unchecked")
    static ServerTlsConfig read(ConfigSection in, List<Setting<?>> settings) {
        Setting<Path> certSetting = (Setting<Path>) settings.get(0);
        Setting<Path> keySetting = (Setting<Path>) settings.get(1);
        Setting<Duration> reloadSetting = (Setting<Duration>) settings.get(2);
        Path cert = in.get(certSetting);
        Path key = in.get(keySetting);
        Duration reload = in.get(reloadSetting);
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null) {
            in.problem(certSetting.key(), "required when " + keySetting.key() + " is set");
        } else if (!readable(cert)) {
            in.problem(certSetting.key(), "'" + cert + "' is not a readable file");
        }
        if (key == null) {
            in.problem(keySetting.key(), "required when " + certSetting.key() + " is set");
        } else if (!readable(key)) {
            in.problem(keySetting.key(), "'" + key + "' is not a readable file");
        }
        if (reload.compareTo(Duration.ofSeconds(1)) < 0) {
            in.problem(reloadSetting.key(), "must be at least 1s");
        }
        return new ServerTlsConfig(cert, key, reload);
    }

    private static boolean readable(Path file) {
        return Files.isRegularFile(file) && Files.isReadable(file);
    }
}
