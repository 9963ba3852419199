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
    /** One digest per thread: looking the algorithm up cost more than hashing a report. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    });
    private static final HexFormat HEX = HexFormat.of();

    private EventIds() {
    }

    public static String of(String pbxId, byte[] reportBody, int index) {
        MessageDigest sha = SHA_256.get(); // digest() leaves it reset for the next id
        try {
            sha.update(pbxId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(reportBody);
            sha.update((byte) 0);
            if (index >= 0 && index < 10) {
                sha.update((byte) ('0' + index)); // the usual case, without making a String
            } else {
                sha.update(Integer.toString(index).getBytes(StandardCharsets.US_ASCII));
            }
        } catch (RuntimeException e) {
            sha.reset(); // failed half way (a null body): the next id starts clean
            throw e;
        }
        byte[] digest = sha.digest();
        return HEX.formatHex(digest, 0, 16);
    }
}
