package io.pbxbridge.schema.codec;

import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented examples ({@code src/test/resources/examples/*.json}, pasted into schemas/README.md)
 * are real: each is the Avro JSON rendering of an {@link Examples} instance and decodes with
 * {@code JsonDecoder} back into it. Regenerate after a schema change with
 * {@code ./mvnw -B -o -q -pl schemas verify -Dtest=ExamplesTest -Dpbx.examples.write=true}.
 */
class ExamplesTest {
    private static final Path DIR = Path.of("src/test/resources/examples");
    private static final Path README = Path.of("README.md");

    @TestFactory
    Stream<DynamicTest> everyExampleFileIsAValidRecordAndUpToDate() throws IOException {
        boolean write = Boolean.getBoolean("pbx.examples.write");
        if (write) {
            Files.createDirectories(DIR);
            for (Map.Entry<String, SpecificRecord> example : Examples.all().entrySet()) {
                Files.writeString(DIR.resolve(example.getKey() + ".json"), AvroJson.toPrettyJson(example.getValue()) + "\n");
            }
        }
        return Examples.all().entrySet().stream().map(example -> DynamicTest.dynamicTest(example.getKey(), () -> {
            SpecificRecord record = example.getValue();
            String file = Files.readString(DIR.resolve(example.getKey() + ".json")).strip();

            assertThat(file).as("examples/%s.json is stale: regenerate it", example.getKey())
                    .isEqualTo(AvroJson.toPrettyJson(record));
            Schema schema = record.getSchema();
            SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(schema, schema,
                    SpecificData.getForSchema(schema));
            assertThat(reader.read(null, DecoderFactory.get().jsonDecoder(schema, file))).isEqualTo(record);
            assertThat(AvroJson.fromJson(file, record.getClass())).isEqualTo(record);
        }));
    }

    @Test
    void theReadmeShowsEveryExampleVerbatim() throws IOException {
        String readme = Files.readString(README);
        for (String name : Examples.all().keySet()) {
            String example = Files.readString(DIR.resolve(name + ".json")).strip();
            assertThat(readme).as("README.md shows examples/%s.json", name).contains(example);
        }
    }
}
