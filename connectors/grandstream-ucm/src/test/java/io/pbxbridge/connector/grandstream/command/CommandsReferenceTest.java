package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.spi.command.UnsupportedCommandException;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every example in COMMANDS.md decodes as an Avro JSON Command and maps to the action it claims. */
class CommandsReferenceTest {
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example action=(\\S+) -->\\s*```json\\n(.*?)\\n```", Pattern.DOTALL);

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
            found.add(Arguments.of(m.group(1), m.group(2)));
        }
        assertThat(found).as("examples in COMMANDS.md").hasSizeGreaterThanOrEqualTo(40);
        return found.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleDecodesAndMapsToItsAction(String action, String json) throws Exception {
        Command command = new SpecificDatumReader<>(Command.class)
                .read(null, DecoderFactory.get().jsonDecoder(Command.getClassSchema(), json));
        UcmCommandMapper mapper = new UcmCommandMapper(Fixtures.tracker());

        if (action.equals("-")) {
            assertThatThrownBy(() -> mapper.map(command)).isInstanceOf(UnsupportedCommandException.class);
            return;
        }
        assertThat(mapper.map(command).action()).isEqualTo(action);
    }
}
