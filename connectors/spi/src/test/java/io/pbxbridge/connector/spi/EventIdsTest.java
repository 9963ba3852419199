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

    /** Values computed by the bridge before any optimisation: consumers de-duplicate by them across versions. */
    @Test
    void knownIdsNeverChange() {
        assertThat(EventIds.of("hq-ü", BODY, 0)).isEqualTo("bc888fb791cd13f1afc33566378a4ada");
        assertThat(EventIds.of("hq-ü", BODY, 1)).isEqualTo("51957b5a07d4f68a3dfa87dc5cf85808");
        assertThat(EventIds.of("hq-ü", BODY, 9)).isEqualTo("e38ef0d1ddcfe237b3f46ed8a3711edc");
        assertThat(EventIds.of("hq-ü", BODY, 10)).isEqualTo("f5d8c6e5957deba5b3e7c67a282cc219");
        assertThat(EventIds.of("hq-ü", BODY, 123)).isEqualTo("6757ec08fb940efab9fa0848bb12c868");
        assertThat(EventIds.of("hq-ü", BODY, -1)).isEqualTo("0dac1ef4a5113bc5d60333eef14180b3");
    }

    @Test
    void aHeadAndABodyHashAsTheirJoin() throws Exception {
        byte[] head = ("ucm-ws\0s/1\0" + "7\0").getBytes(StandardCharsets.UTF_8);
        byte[] body = "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        byte[] joined = ("ucm-ws\0s/1\0" + "7\0{\"a\":\"é\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(EventIds.of("pbx-1", head, body, 2)).isEqualTo("ce0675f972ff50584db1d1343896dc4a")
                .isEqualTo(EventIds.of("pbx-1", joined, 2)).isEqualTo(expected("pbx-1", joined, 2));
    }

    @Test
    void anotherPbxIdIsHashedWithItsOwnBytes() throws Exception {
        // The PBX id's bytes are remembered per thread: a different id must not reuse them.
        for (String pbx : new String[]{"hq", "hq-ü", "hq", "branch"}) {
            assertThat(EventIds.of(pbx, BODY, 3)).isEqualTo(expected(pbx, BODY, 3));
        }
    }

    @Test
    void aFailedCallLeavesNothingBehindForTheNext() throws Exception {
        assertThatThrownBy(() -> EventIds.of("hq", null, 0)).isInstanceOf(NullPointerException.class);
        assertThat(EventIds.of("hq", BODY, 0)).isEqualTo(expected("hq", BODY, 0));
    }
}
