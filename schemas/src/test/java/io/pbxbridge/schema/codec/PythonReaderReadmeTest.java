package io.pbxbridge.schema.codec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python reader schemas/README.md shows is the one the bridge's {@code PythonAvroConsumerTest} runs
 * against real records (Apache Avro's Python library), so the README cannot drift from tested code.
 */
class PythonReaderReadmeTest {

    @Test
    void theReadmeQuotesThePythonReaderVerbatim() throws IOException {
        String reader = Files.readString(Path.of("src/test/python/pbx_avro.py"));
        assertThat(reader).contains("class SchemaTopic", "class Registry", "def fingerprint");
        assertThat(Files.readString(Path.of("README.md"))).as("README.md quotes src/test/python/pbx_avro.py")
                .contains("```python\n" + reader + "```");
    }
}
