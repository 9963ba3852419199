package io.pbxbridge.connector.spi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventIdsTest {
    private static final byte[] BODY = "{\"action\":\"RING\"}".getBytes(StandardCharsets.UTF_8);

    /** The documented definition, computed the plain way. */
    private static String expected(String pbxId, byte[] body, int index) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((pbxId + "\0").getBytes(StandardCharsets.UTF_8));
        sha.update(body);
        sha.update(("\0" + index).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    @Test
    void isTheHashOfPbxBodyAndIndex() throws Exception {
        for (int index : new int[]{0, 1, 9, 10, 11, 123}) {
            assertThat(EventIds.of("hq-ü", BODY, index)).isEqualTo(expected("hq-ü", BODY, index));
        }
    }

    @Test
    void aFailedCallLeavesNothingBehindForTheNext() throws Exception {
        assertThatThrownBy(() -> EventIds.of("hq", null, 0)).isInstanceOf(NullPointerException.class);
        assertThat(EventIds.of("hq", BODY, 0)).isEqualTo(expected("hq", BODY, 0));
    }
}
