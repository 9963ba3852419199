package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.TlsSettings;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.SettingProblem;
import io.pbxbridge.connector.spi.settings.SettingsException;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code pbxes} list: the keys every PBX entry has, defined once, and how an entry becomes a
 * {@link PbxConfig}. What is vendor-specific is the connector's: its options ({@link PbxConnector#options()})
 * and its rules on the entry ({@link PbxConnector#check}). Known vendors are the connectors on the class path.
 */
final class PbxEntries {
    static final int MIN_REPORT_SECRET_LENGTH = 16;

    static final Setting<String> ID = Setting.of("id", ConfigTypes.matching(Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}"),
                    "'{}' must be 1-64 letters, digits, '_' or '-' (it appears in record keys and report URLs)")).required()
            .doc("Your name for the PBX: 1–64 letters, digits, `_`, `-`; unique. It is part of every record key and of "
                    + "the report URL.");
    static final Setting<PbxConnector> VENDOR = Setting.of("vendor", ValueType.of(PbxEntries::connector, PbxConnector::id))
            .required().doc("The PBX family: the id of a connector on the class path ("
                    + String.join(", ", knownVendors().stream().map(v -> "`" + v + "`").toList()) + ").");
    static final Setting<URI> API_URL = Setting.of("api_url", ConfigTypes.HTTP_URL).required()
            .doc("Base URL of the PBX API, e.g. `https://10.0.0.5:8088` (Yeastar) or `https://10.0.0.6:8089` (UCM). "
                    + "No credentials in the URL.");
    static final Setting<String> USERNAME = Setting.of("username", ValueType.nonBlank()).required().doc("API user.");
    static final Setting<String> PASSWORD = Setting.of("password", ConfigTypes.SECRET)
            .withDocKey("`password` / `password_file`").withDefaultText("required").doc("API password.");
    static final Setting<String> API_VERSION = Setting.of("api_version", ConfigTypes.OPTIONAL_TEXT)
            .withDefaultText("per connector").doc("The PBX's API version. Whether it is required and which values it "
                    + "takes is the connector's rule (Yeastar: required, `1.0.0`, `1.1.0` or `2.0.0`, as it decides the "
                    + "report format); see the connector READMEs.");
    static final Setting<String> REPORT_SECRET = Setting.of("report_secret", ConfigTypes.SECRET)
            .withDocKey("`report_secret` / `report_secret_file`").withDefaultText("required")
            .doc("Secret path segment of the report URL given to the PBX (a PBX cannot authenticate its POSTs). At least "
                    + MIN_REPORT_SECRET_LENGTH + " characters from `A-Z a-z 0-9 . _ ~ -`. Generate one with "
                    + "`openssl rand -hex 16`.");
    static final Setting<List<String>> ALLOWED_SOURCE_IPS = Setting.of("allowed_source_ips", ConfigTypes.list())
            .withDefaultText("`[]` (any)").doc("When not empty, reports are accepted only from these IP addresses or "
                    + "CIDR ranges.");
    static final Setting<String> TRUST_STORE = Setting.of("tls.trust_store", ConfigTypes.OPTIONAL_TEXT.and(
                    store -> store == null || Files.isReadable(Path.of(store)), store -> "cannot read " + store))
            .withDefaultText("JVM default").doc("PKCS#12/JKS trust store to verify the PBX certificate.");
    static final Setting<String> TRUST_STORE_PASSWORD = Setting.of("tls.trust_store_password", ConfigTypes.SECRET)
            .withDocKey("`tls.trust_store_password` / `tls.trust_store_password_file`").doc("Its password.");
    static final Setting<String> PINNED_SHA256 = Setting.of("tls.pinned_sha256", ValueType.of(PbxEntries::fingerprint, f -> f))
            .doc("Accept exactly the certificate with this SHA-256 fingerprint (64 hex digits, colons allowed; quote "
                    + "it in YAML). For self-signed PBX certificates.");
    static final Setting<Boolean> INSECURE = Setting.of("tls.insecure", ValueType.bool()).withDefault(false)
            .doc("Do not verify the certificate at all (lab only). Cannot be combined with `trust_store` or "
                    + "`pinned_sha256`.");
    static final Setting<Boolean> LEGACY_CIPHERS = Setting.of("tls.legacy_ciphers", ValueType.bool()).withDefault(false)
            .doc("Allow the weak Diffie-Hellman groups of old Grandstream firmware.");
    static final Setting<Duration> KEEP_ALIVE = Setting.of("keep_alive", ValueType.duration())
            .withDefault(Duration.ofMinutes(5)).doc("Heartbeat / session refresh interval.");
    static final Setting<ZoneId> TIME_ZONE = Setting.of("time_zone", ConfigTypes.ZONE).withDefaultText("JVM time zone")
            .doc("The PBX's local zone (e.g. `Europe/Berlin`), for timestamps the PBX prints without a zone.");
    static final Setting<Map<String, String>> OPTIONS = Setting.of("options", ConfigTypes.MAP).withDefaultText("`{}`")
            .doc("Vendor-specific settings, declared by each connector (see its README); an unknown option or a bad "
                    + "value stops the start.");

    static final List<Setting<?>> KEYS = List.of(ID, VENDOR, API_URL, USERNAME, PASSWORD, API_VERSION, REPORT_SECRET,
            ALLOWED_SOURCE_IPS, TRUST_STORE, TRUST_STORE_PASSWORD, PINNED_SHA256, INSECURE, LEGACY_CIPHERS, KEEP_ALIVE,
            TIME_ZONE, OPTIONS, RecordingConfig.RECORD_TO, RecordingConfig.RECORD_MAX_BYTES);

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private PbxEntries() {
    }

    /**
     * Every entry of the list, each checked by the bridge and then by its connector; ids must be unique.
     * The entries' recordings ({@code record_to}) go to {@code recordings}, by PBX id.
     */
    static List<PbxConfig> read(List<ConfigSection> entries, Map<String, RecordingConfig> recordings) {
        List<PbxConfig> pbxes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigSection entry : entries) {
            PbxConfig pbx = read(entry);
            if (pbx.id() != null && !ids.add(pbx.id())) {
                entry.problem(ID.key(), "duplicate PBX id '" + pbx.id() + "'");
            }
            RecordingConfig recording = RecordingConfig.read(entry);
            if (recording != null && pbx.id() != null) {
                recordings.put(pbx.id(), recording);
            }
            pbxes.add(pbx);
        }
        return pbxes;
    }

    private static PbxConfig read(ConfigSection in) {
        in.rejectUnknownKeys(KEYS, List.of());
        String id = in.get(ID);
        PbxConnector connector = in.get(VENDOR);
        URI apiUrl = in.get(API_URL);
        String username = in.get(USERNAME);
        Secret password = in.secret(PASSWORD);
        if (password.isEmpty()) {
            in.problem(PASSWORD.key(), "required (or password_file)");
        }
        String apiVersion = in.get(API_VERSION);
        Secret reportSecret = reportSecret(in);
        List<String> sourceIps = in.list(ALLOWED_SOURCE_IPS, ConfigTypes.IP_OR_CIDR);
        TlsSettings tls = tls(in);
        Duration keepAlive = in.get(KEEP_ALIVE);
        ZoneId zone = in.get(TIME_ZONE);
        Map<String, String> written = in.map(OPTIONS);
        if (connector == null) {
            return new PbxConfig(id, null, apiUrl, username, password, apiVersion, reportSecret, sourceIps, tls,
                    keepAlive, zone, PbxOptions.none());
        }
        PbxOptions options = PbxOptions.none();
        try {
            options = connector.options().parse(written);
        } catch (SettingsException e) {
            report(in, OPTIONS.key(), e);
        }
        PbxConfig pbx = new PbxConfig(id, connector.id(), apiUrl, username, password, apiVersion, reportSecret,
                sourceIps, tls, keepAlive, zone, options);
        try {
            return connector.check(pbx);
        } catch (SettingsException e) {
            report(in, "", e);
            return pbx;
        }
    }

    private static Secret reportSecret(ConfigSection in) {
        Secret secret = in.secret(REPORT_SECRET);
        String key = REPORT_SECRET.key();
        if (secret.isEmpty()) {
            in.problem(key, "required (or report_secret_file): the secret path segment of the report URL, at least "
                    + MIN_REPORT_SECRET_LENGTH + " characters");
        } else if (secret.reveal().length() < MIN_REPORT_SECRET_LENGTH) {
            in.problem(key, "too short: at least " + MIN_REPORT_SECRET_LENGTH + " characters");
        } else if (!secret.reveal().matches("[A-Za-z0-9._~-]+")) {
            in.problem(key, "may contain only letters, digits and . _ ~ - (it is a URL path segment)");
        }
        return secret;
    }

    private static TlsSettings tls(ConfigSection in) {
        String trustStore = in.get(TRUST_STORE);
        Secret trustStorePassword = in.secret(TRUST_STORE_PASSWORD);
        String pinned = in.get(PINNED_SHA256);
        boolean insecure = in.get(INSECURE);
        if (insecure && (pinned != null || trustStore != null)) {
            in.problem(INSECURE.key(), "cannot be combined with pinned_sha256 or trust_store");
        }
        return new TlsSettings(trustStore, trustStorePassword, pinned, insecure, in.get(LEGACY_CIPHERS));
    }

    private static void report(ConfigSection in, String under, SettingsException e) {
        for (SettingProblem p : e.problems()) {
            in.problem(p.under(under).key(), p.problem());
        }
    }

    private static PbxConnector connector(String vendor) {
        return Connectors.find(vendor.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> new IllegalArgumentException(
                "'" + vendor + "' is not a known vendor (known: " + String.join(", ", knownVendors()) + ")"));
    }

    private static List<String> knownVendors() {
        return Connectors.all().stream().map(PbxConnector::id).sorted().toList();
    }

    private static String fingerprint(String text) {
        if (text.isBlank()) {
            return null;
        }
        String hex = text.trim().replace(":", "").toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("must be a SHA-256 fingerprint: 64 hex digits, colons allowed");
        }
        return hex;
    }
}
