package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.EventHeader;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every fixture: exactly one record, a complete header, and a value Avro can serialize. */
class AllFixturesTest {

    static List<String> fixtures() throws URISyntaxException, IOException {
        Path root = Path.of(AllFixturesTest.class.getResource("/yeastar/reports").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void normalizesToOneSerializableRecord(String fixture) throws Exception {
        List<NormalizedRecord> records = Fixtures.normalize(fixture);
        assertThat(records).hasSize(1);
        NormalizedRecord record = records.get(0);
        assertThat(record.key()).startsWith(Fixtures.PBX_ID);
        assertThat(record.time()).isEqualTo(Fixtures.RECEIVED);

        SpecificRecord value = record.value();
        EventHeader header = (EventHeader) value.get(value.getSchema().getField("header").pos());
        assertThat(header.getEventId()).isEqualTo(record.eventId());
        assertThat(header.getRawPayload()).isEqualTo(new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8));
        String dir = fixture.substring(0, fixture.indexOf('/'));
        if (dir.startsWith("v")) {
            assertThat(header.getReportFormat()).isEqualTo("yeastar-" + dir.substring(1));
        }
        assertThat(serialize(value)).isNotEmpty();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] serialize(SpecificRecord value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter(value.getClass()).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
