package io.pbxbridge.schema.codec;

import io.pbxbridge.schema.CallEvent;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A raw payload decoded through {@link DecodedUtf8} encodes to exactly Avro's bytes whatever the report's bytes were:
 * plain ASCII (written from the report's own bytes), valid non-ASCII UTF-8, and malformed UTF-8 whose decoding
 * replaced bytes (so the report's bytes are not the text's encoding and must not be written).
 */
class DecodedUtf8Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<byte[]> BODIES = List.of(
            "{\"action\":\"RING\",\"callid\":\"1505352615.274\"}".getBytes(StandardCharsets.UTF_8),
            new byte[0],
            "{\"name\":\"Zoë 中 😀\"}".getBytes(StandardCharsets.UTF_8),
            "{\"name\":\"\uFFFD\"}".getBytes(StandardCharsets.UTF_8), // a real replacement character, 3 bytes
            HEX.parseHex("7b2280227d"), // a lone continuation byte: one byte, one U+FFFD
            HEX.parseHex("7b22c3227d"), // a truncated 2-byte sequence
            HEX.parseHex("7b22c0af227d"), // overlong '/'
            HEX.parseHex("7b22eda080227d"), // an encoded surrogate
            HEX.parseHex("7b22ff227d"),
            HEX.parseHex("80"));

    @Test
    void aPayloadEncodesAsAvroDoesWhateverItsBytes() {
        SingleObjectCodec codec = new SingleObjectCodec();
        for (byte[] body : BODIES) {
            CallEvent event = Examples.callEvent();
            event.getHeader().setRawPayload(DecodedUtf8.decode(body));
            assertThat(codec.encode("t", event)).as("body %s", HEX.formatHex(body)).isEqualTo(avro(event));
        }
    }

    @Test
    void onlyBytesThatAreTheTextsEncodingAreRemembered() {
        byte[] ascii = "{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8);
        String text = DecodedUtf8.decode(ascii);
        // The remembered bytes are what is written (changing them afterwards, which callers must not do, shows it).
        ascii[6] = 'c';
        CallEvent event = Examples.callEvent();
        event.getHeader().setRawPayload(text);
        assertThat(new String(new SingleObjectCodec().encode("t", event), StandardCharsets.ISO_8859_1)).contains("{\"a\":\"c\"}");
        // Not remembered: an equal String that is another object, and text decoded from anything but ASCII.
        event.getHeader().setRawPayload(new String(text.toCharArray()));
        assertThat(new String(new SingleObjectCodec().encode("t", event), StandardCharsets.ISO_8859_1)).contains("{\"a\":\"b\"}");
        byte[] lone = HEX.parseHex("80");
        String replaced = DecodedUtf8.decode(lone);
        event.getHeader().setRawPayload(replaced);
        assertThat(new SingleObjectCodec().encode("t", event)).isEqualTo(avro(event));
    }

    private static byte[] avro(SpecificRecord record) {
        BinaryMessageEncoder<SpecificRecord> encoder = new BinaryMessageEncoder<>(
                SpecificData.getForSchema(record.getSchema()), record.getSchema());
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
