package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the bridge publishes for every report fixture stays byte for byte what it was: key, event id (a
 * re-sent report must keep its id across an upgrade), CloudEvents type and time, and the digest of the
 * encoded value — compared with a file written by the code before the per-report work was optimised.
 * Each encoded value is also compared with Avro's own single-object encoder.
 *
 * <p>A deliberate change of the output (a new field, a fixed mapping) rewrites the file:
 * {@code ./mvnw -B -q -pl connectors/yeastar-s -am verify -Dtest=EncodedRecordsGoldenTest -Dgolden.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, and the diff shows what changed.
 */
class EncodedRecordsGoldenTest {
    private static final String GOLDEN = "/yeastar/golden/encoded-records.txt";
    private static final SingleObjectCodec CODEC = new SingleObjectCodec();

    @Test
    void everyFixtureEncodesAsBefore() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String fixture : AllFixturesTest.fixtures()) {
            for (NormalizedRecord record : Fixtures.normalize(fixture)) {
                lines.add(line(fixture, record));
            }
        }
        if (Boolean.getBoolean("golden.write")) {
            Path file = Path.of("src/test/resources" + GOLDEN);
            Files.write(file, lines, StandardCharsets.UTF_8);
            return;
        }
        assertThat(lines).containsExactlyElementsOf(golden());
    }

    static String line(String name, NormalizedRecord record) throws Exception {
        String topic = record.topic().nameWith("pbx.");
        byte[] encoded = CODEC.encode(topic, record.value());
        assertThat(encoded).as("%s: the codec's bytes are Avro's", name).isEqualTo(avro(record.value()));
        return String.join(" | ", name, topic, record.key(), record.eventId(), record.ceType(),
                String.valueOf(record.time()), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded)));
    }

    private static byte[] avro(SpecificRecord value) throws IOException {
        ByteBuffer buffer = new BinaryMessageEncoder<SpecificRecord>(SpecificData.getForSchema(value.getSchema()),
                value.getSchema()).encode(value);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static List<String> golden() throws IOException {
        try (InputStream in = EncodedRecordsGoldenTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("golden file %s", GOLDEN).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
