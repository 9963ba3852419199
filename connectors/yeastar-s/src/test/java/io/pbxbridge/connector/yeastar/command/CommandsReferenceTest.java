package io.pbxbridge.connector.yeastar.command;

import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.schema.Command;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example in COMMANDS.md decodes as an Avro JSON Command and maps to the endpoint it claims. */
class CommandsReferenceTest {
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example version=(\\S+) endpoint=(\\S+) -->\\s*```json\\n(.*?)\\n```", Pattern.DOTALL);

    private static ClassSecurityValidator.ClassSecurityPredicate previous;

    @BeforeAll
    static void trustContractClasses() {
        // Avro 1.12 instantiates only trusted classes when reading; the contract's package is ours.
        previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                c -> c.getName().startsWith("io.pbxbridge.schema.")));
    }

    @AfterAll
    static void restore() {
        ClassSecurityValidator.setGlobal(previous);
    }

    static Stream<Arguments> examples() throws Exception {
        String doc = Files.readString(Path.of("COMMANDS.md"));
        Matcher m = EXAMPLE.matcher(doc);
        List<Arguments> found = new ArrayList<>();
        while (m.find()) {
            found.add(Arguments.of(m.group(2), YeastarApiVersion.parse(m.group(1)), m.group(3)));
        }
        assertThat(found).as("examples in COMMANDS.md").hasSizeGreaterThanOrEqualTo(13);
        return found.stream();
    }

    @ParameterizedTest(name = "{0} [v{1}]")
    @MethodSource("examples")
    void exampleDecodesAndMapsToItsEndpoint(String endpoint, YeastarApiVersion version, String json) throws Exception {
        Command command = new SpecificDatumReader<>(Command.class)
                .read(null, DecoderFactory.get().jsonDecoder(Command.getClassSchema(), json));

        YeastarRequest request = new YeastarCommandMapper(version, YeastarCommandMapperTest.trackerFor(version)).map(command);

        assertThat(request.endpoint()).isEqualTo(endpoint);
    }
}
