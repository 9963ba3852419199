package io.pbxbridge.connector.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic event ids: SHA-256 over the PBX id, the report bytes and the index of the record
 * within the report. A PBX re-sending the same report yields the same ids, so consumers can drop
 * duplicates.
 */
public final class EventIds {
    private EventIds() {
    }

    public static String of(String pbxId, byte[] reportBody, int index) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(pbxId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(reportBody);
            sha.update((byte) 0);
            sha.update(Integer.toString(index).getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha.digest();
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
