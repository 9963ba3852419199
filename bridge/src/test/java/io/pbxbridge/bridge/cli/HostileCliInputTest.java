package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 9: {@code send} and {@code normalize} on input an attacker or a broken tool writes. Every
 * one ends with exit 2 and one readable line per problem on stderr, never exit 1 with an exception's
 * message (a NullPointerException on 5,000-deep JSON; a StackOverflowError on 990-deep arrays).
 * The command lines are wired as {@link Main#commandLine()} wires them, so an escaping exception shows
 * as the exit code 1 it gives in production.
 */
class HostileCliInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String stdout, String stderr) {
    }

    static String nested(String open, String close, int depth, String inner) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    /** Inputs {@code send} must refuse before talking to Kafka. */
    static Stream<Arguments> badCommands() {
        List<Arguments> inputs = new ArrayList<>(List.of(
                Arguments.of("5,000-deep arrays", nested("[", "]", 5000, "")),
                Arguments.of("5,000-deep objects", nested("{\"a\":", "}", 5000, "1")),
                Arguments.of("1,001-deep objects in parameters_json", "{\"pbx_id\":\"hq\",\"action\":\"VENDOR\",\"vendor\":"
                        + "{\"action\":\"x\",\"parameters_json\":" + nested("{\"a\":", "}", 1001, "1") + "}}"),
                Arguments.of("empty", ""),
                Arguments.of("blank", " \n\t "),
                Arguments.of("null", "null"),
                Arguments.of("an array", "[]"),
                Arguments.of("a huge exponent", "1e999999999"),
                Arguments.of("NUL bytes", "\u0000\u0000{"),
                Arguments.of("trailing garbage", "{\"pbx_id\":\"hq\"} x"),
                Arguments.of("truncated", "{\"pbx_id\":\"hq\",\"action\":\"DI"),
                Arguments.of("issued_at beyond epoch millis", "{\"pbx_id\":\"hq\",\"action\":\"QUERY\",\"query\":{\"subject\":"
                        + "\"EXTENSIONS\"},\"issued_at\":\"+999999999-12-31T23:59:59Z\"}"),
                Arguments.of("expires_at before the epoch range", "{\"pbx_id\":\"hq\",\"action\":\"QUERY\",\"query\":{\"subject\":"
                        + "\"EXTENSIONS\"},\"expires_at\":\"-999999999-01-01T00:00:00Z\"}"),
                Arguments.of("offset time beyond epoch millis", "{\"pbx_id\":\"hq\",\"action\":\"QUERY\",\"query\":{\"subject\":"
                        + "\"EXTENSIONS\"},\"expires_at\":\"+999999999-12-31T23:59:59+01:00\"}"),
                Arguments.of("epoch millis beyond a long", "{\"pbx_id\":\"hq\",\"action\":\"QUERY\",\"query\":{\"subject\":"
                        + "\"EXTENSIONS\"},\"expires_at\":\"99999999999999999999999\"}"),
                Arguments.of("action an object", "{\"pbx_id\":\"hq\",\"action\":{\"DIAL\":1}}"),
                Arguments.of("filters nested", "{\"pbx_id\":\"hq\",\"action\":\"QUERY\",\"query\":{\"subject\":\"EXTENSIONS\","
                        + "\"filters\":{\"a\":{\"b\":1}}}}"),
                Arguments.of("union given twice", "{\"pbx_id\":\"hq\",\"action\":\"QUERY\",\"query\":{\"io.pbxbridge.schema.QueryAction\":"
                        + "{\"subject\":\"EXTENSIONS\"},\"x\":1}}"),
                Arguments.of("duplicate keys, the last one bad", "{\"pbx_id\":\"hq\",\"action\":\"QUERY\",\"action\":7}")));
        // Seeded mutations of a valid command: truncations and byte flips that break the JSON.
        String valid = "{\"pbx_id\":\"hq\",\"action\":\"DIAL\",\"dial\":{\"from\":{\"kind\":\"EXTENSION\",\"number\":\"1001\"},"
                + "\"to\":{\"kind\":\"EXTERNAL\",\"number\":\"0612345678\"}},\"expires_at\":\"2026-11-26T21:00:00Z\"}";
        Random random = new Random(10);
        for (int i = 0; i < 40; i++) {
            String broken = valid.substring(0, 1 + random.nextInt(valid.length() - 2));
            inputs.add(Arguments.of("truncated at " + broken.length(), broken));
        }
        return inputs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommands")
    void sendRefusesMalformedInputWithExit2AndOneLine(String name, String input) {
        Run run = send(input, "--bootstrap", "127.0.0.1:1", "--timeout", "1s");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(SendCommand.EXIT_BAD_INPUT);
        assertThat(run.stderr().lines().toList()).hasSize(1);
        assertThat(run.stderr()).startsWith("send: bad command: ").doesNotContain("Exception", "Error:");
    }

    /** Reports with nesting, numbers and bytes no PBX sends, for both vendors. */
    static Stream<Arguments> badReports() {
        List<Arguments> inputs = new ArrayList<>();
        for (String vendor : List.of("yeastar-s", "grandstream-ucm")) {
            for (int depth : List.of(100, 990, 5000)) {
                inputs.add(Arguments.of(vendor, depth + "-deep arrays in a value",
                        "{\"event\":\"NewCdr\",\"x\":" + nested("[", "]", depth, "") + "}"));
                inputs.add(Arguments.of(vendor, depth + "-deep objects in a value",
                        "{\"event\":\"ExtensionStatus\",\"x\":" + nested("{\"a\":", "}", depth, "1") + "}"));
                inputs.add(Arguments.of(vendor, depth + "-deep arrays in an eventbody item",
                        "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ExtensionStatus\",\"eventbody\":[{\"extension\":"
                                + "\"1001\",\"status\":" + nested("[", "]", depth, "") + "}]}]}"));
                inputs.add(Arguments.of(vendor, depth + "-deep objects in a channel",
                        "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":[{\"action\":"
                                + "\"add\",\"channel\":" + nested("{\"a\":", "}", depth, "1") + "}]}]}"));
            }
            inputs.add(Arguments.of(vendor, "bad UTF-8", "\u00ff\u00fe{\"event\":\"NewCdr\"}"));
            inputs.add(Arguments.of(vendor, "a huge number", "{\"event\":\"NewCdr\",\"callduraction\":1e999999999}"));
        }
        return inputs.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badReports")
    void normalizeNeverCrashesOnHostileReports(String vendor, String name, String input) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        NormalizeCommand command = new NormalizeCommand(stdin(input), print(stdout), print(stderr));
        int code = wire(command).execute("--vendor", vendor);
        String err = stderr.toString(StandardCharsets.UTF_8);
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();

        // Either what the bridge would publish (a frame without news may publish nothing), or the dead letter.
        assertThat(code).as(err).isIn(NormalizeCommand.EXIT_OK, NormalizeCommand.EXIT_BAD_INPUT);
        for (String line : lines) {
            assertThat(JSON.readTree(line).get("topic").asText()).startsWith("pbx.");
        }
        if (code == NormalizeCommand.EXIT_BAD_INPUT) {
            assertThat(err.lines().toList()).hasSize(1);
            assertThat(err).startsWith("normalize: report cannot be parsed: ");
            assertThat(lines).hasSize(1);
            assertThat(JSON.readTree(lines.get(0)).get("topic").asText()).isEqualTo("pbx.dlq");
        } else {
            assertThat(err).isEmpty();
        }
        if (name.startsWith("5000-deep") || name.equals("bad UTF-8")) {
            assertThat(code).as(err).isEqualTo(NormalizeCommand.EXIT_BAD_INPUT);
        }
    }

    private static Run send(String input, String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = wire(new SendCommand(stdin(input), print(stdout), print(stderr))).execute(args);
        return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    /** As {@link Main#commandLine()}: an exception escaping the command becomes exit 1 and one line. */
    private static CommandLine wire(Object command) {
        CommandLine cmd = new CommandLine(command);
        cmd.setErr(new PrintWriter(new ByteArrayOutputStream()));
        cmd.setParameterExceptionHandler(CliErrors.parameterHandler());
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> CliErrors.report(commandLine.getErr(), ex, false));
        return cmd;
    }

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)
                ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
