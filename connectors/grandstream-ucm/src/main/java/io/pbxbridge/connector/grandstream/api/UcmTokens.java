package io.pbxbridge.connector.grandstream.api;

import io.pbxbridge.connector.spi.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The login token both UCM channels use: lowercase hex {@code md5(challenge + password)}. */
public final class UcmTokens {
    private UcmTokens() {
    }

    public static Secret loginToken(String challenge, Secret password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(challenge.getBytes(StandardCharsets.UTF_8));
            md5.update(password.reveal().getBytes(StandardCharsets.UTF_8));
            return Secret.of(HexFormat.of().formatHex(md5.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every JVM", e);
        }
    }
}
