package io.pbxbridge.connector.spi;

/**
 * How the bridge verifies a PBX's certificate. Verification is on by default; {@code insecure} is an
 * explicit lab switch; {@code pinnedSha256} accepts exactly one certificate (self-signed PBXes);
 * {@code legacyCiphers} re-enables the weak DH groups old Grandstream firmware offers.
 */
public record TlsSettings(String trustStorePath, Secret trustStorePassword, String pinnedSha256,
                          boolean insecure, boolean legacyCiphers) {

    public static TlsSettings verifyingDefaults() {
        return new TlsSettings(null, Secret.empty(), null, false, false);
    }
}
