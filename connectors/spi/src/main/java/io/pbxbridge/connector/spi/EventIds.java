package io.pbxbridge.connector.spi;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic event ids: SHA-256 over the PBX id, the report bytes and the index of the record
 * within the report. A PBX re-sending the same report yields the same ids, so consumers can drop
 * duplicates. The id is the first 16 bytes of the digest in lower-case hex:
 * {@code hex(sha256(utf8(pbxId) 0x00 source 0x00 ascii(index)))[0..32]}. Consumers de-duplicate by it
 * across bridge versions, so these bytes never change ({@code EventIdsTest} pins known values).
 */
public final class EventIds {
    /** Per thread: looking the algorithm up, the digest's array and the PBX id's bytes cost more than hashing a report. */
    private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int ID_BYTES = 16;

    private EventIds() {
    }

    public static String of(String pbxId, byte[] reportBody, int index) {
        return of(pbxId, null, reportBody, index);
    }

    /**
     * The id of a record whose source is {@code head} followed by {@code body} (the same id as {@link #of(String,
     * byte[], int)} over the two joined), without joining them.
     *
     * @param head null for none
     */
    public static String of(String pbxId, byte[] head, byte[] body, int index) {
        return HASHERS.get().id(pbxId, head, body, index);
    }

    private static final class Hasher {
        private final MessageDigest sha;
        private final byte[] digest = new byte[32];
        private final byte[] hex = new byte[2 * ID_BYTES];
        /** The last PBX id and its UTF-8 bytes: a thread mostly serves one PBX's reports in a row. */
        private String pbxId;
        private byte[] pbxIdBytes;

        Hasher() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every JVM", e);
            }
        }

        String id(String pbx, byte[] head, byte[] body, int index) {
            try {
                sha.update(pbxIdBytes(pbx));
                sha.update((byte) 0);
                if (head != null) {
                    sha.update(head);
                }
                sha.update(body);
                sha.update((byte) 0);
                if (index >= 0 && index < 10) {
                    sha.update((byte) ('0' + index)); // the usual case, without making a String
                } else {
                    sha.update(Integer.toString(index).getBytes(StandardCharsets.US_ASCII));
                }
                sha.digest(digest, 0, digest.length); // leaves the digest reset for the next id
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 digest of " + digest.length + " bytes", e);
            } catch (RuntimeException e) {
                sha.reset(); // failed half way (a null body): the next id starts clean
                throw e;
            }
            for (int i = 0; i < ID_BYTES; i++) {
                int b = digest[i] & 0xFF;
                hex[2 * i] = HEX_DIGITS[b >>> 4];
                hex[2 * i + 1] = HEX_DIGITS[b & 0x0F];
            }
            return new String(hex, StandardCharsets.ISO_8859_1);
        }

        private byte[] pbxIdBytes(String pbx) {
            if (!pbx.equals(pbxId)) {
                pbxIdBytes = pbx.getBytes(StandardCharsets.UTF_8);
                pbxId = pbx;
            }
            return pbxIdBytes;
        }
    }
}
