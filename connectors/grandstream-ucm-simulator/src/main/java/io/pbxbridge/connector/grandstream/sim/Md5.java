package io.pbxbridge.connector.grandstream.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code md5(challenge + password)} as lowercase hex: the login token of /api and /websockify. */
public final class Md5 {
    private Md5() {
    }

    public static String token(String challenge, String password) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest((challenge + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is mandatory in every JRE", e);
        }
    }
}
