package io.pbxbridge.bridge.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pbxbridge.bridge.cli.LogFormatDefiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 8: a hostile string logged through the production logback configuration (text and
 * JSON) comes out with its control characters escaped, in the message, the arguments, an exception
 * message and the MDC, so it can neither forge a line nor drive a terminal.
 */
class LogEscapingTest {
    /** ESC sequences, NUL, a forged second line, BEL, DEL, a C1 CSI, a line separator, a right-to-left override. */
    private static final String HOSTILE = "pbx\u001b[2J\u001b[31mRED\u0000\r\n2026-01-01 ERROR forged line\u0007\u007f\u009b1m"
            + "\u2028\u202eevil";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String logThroughProductionConfig(String format) throws Exception {
        String previous = System.getProperty(LogFormatDefiner.PROPERTY);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter()); // the process's MDC, as the auto-configured context has
        try {
            System.setProperty(LogFormatDefiner.PROPERTY, format);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            URL config = LogEscapingTest.class.getResource("/logback.xml");
            assertThat(config.getPath()).as("the production file, not logback-test.xml").endsWith("classes/logback.xml");
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config);
            Logger log = context.getLogger("io.pbxbridge.test.Hostile");
            MDC.put("pbx", HOSTILE);
            try {
                log.warn("Report from PBX {} refused: " + HOSTILE, HOSTILE, new IllegalStateException("bad body " + HOSTILE,
                        new IllegalArgumentException("cause " + HOSTILE)));
            } finally {
                MDC.remove("pbx");
            }
            context.stop();
            return captured.toString(StandardCharsets.UTF_8);
        } finally {
            System.setErr(stderr);
            if (previous == null) {
                System.clearProperty(LogFormatDefiner.PROPERTY);
            } else {
                System.setProperty(LogFormatDefiner.PROPERTY, previous);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void controlCharactersFromPayloadsAreEscapedInEveryLine(String format) throws Exception {
        String output = logThroughProductionConfig(format);

        assertThat(output).contains("Report from PBX");
        // Only the line breaks (and, in text, the tabs) logback itself writes between lines and stack frames.
        assertThat(output.chars().filter(c -> LogText.unsafe((char) c) && c != '\n' && c != '\t')).isEmpty();
        assertThat(output.lines()).noneMatch(line -> line.startsWith("2026-01-01 ERROR forged line"));
        String message = format.equals("json") ? JSON.readTree(output).get("message").asText() : output;
        assertThat(message).contains("\\u001b[2J").contains("\\u0000").contains("\\r\\n2026-01-01 ERROR forged line")
                .contains("\\u009b").contains("\\u2028").contains("\\u202e");
    }

    @Test
    void jsonValuesThemselvesCarryNoControlCharacters() throws Exception {
        String output = logThroughProductionConfig("json");
        List<String> lines = output.lines().toList();

        assertThat(lines).hasSize(1);
        JsonNode event = JSON.readTree(lines.get(0));
        // Decoded, the values hold the escapes, not the raw bytes a log viewer would render.
        List<String> values = List.of(event.get("message").asText(), event.get("arguments").get(0).asText(),
                event.get("throwable").get("message").asText(), event.get("throwable").get("cause").get("message").asText());
        assertThat(values).allSatisfy(v -> {
            assertThat(v).contains("\\u001b[31mRED");
            assertThat(v.chars().filter(c -> LogText.unsafe((char) c))).isEmpty();
        });
        JsonNode mdc = event.get("mdc");
        if (mdc != null) {
            assertThat(StreamSupport.stream(mdc.spliterator(), false).map(JsonNode::asText))
                    .allSatisfy(v -> assertThat(v.chars().filter(c -> LogText.unsafe((char) c))).isEmpty());
        }
    }

    @Test
    void textWithoutControlCharactersIsUnchanged() {
        String plain = "PBX hq: login refused: 20003 (ä, 日本, emoji \uD83D\uDE00)";
        assertThat(LogText.escape(plain)).isSameAs(plain);
        assertThat(LogText.escape("a\tb\nc\u001b")).isEqualTo("a\\tb\\nc\\u001b");
    }
}
