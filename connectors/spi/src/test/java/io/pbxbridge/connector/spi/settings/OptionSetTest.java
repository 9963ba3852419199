package io.pbxbridge.connector.spi.settings;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionSetTest {
    private static final Setting<Integer> BUFFER = Setting.of("event_buffer", ValueType.integer(1, Integer.MAX_VALUE))
            .withDefault(10_000).doc("Bound of held events.");
    private static final Setting<Duration> INTERVAL = Setting.of("poll_interval", ValueType.duration())
            .withDefault(Duration.ofSeconds(30)).doc("Between polls.");
    private static final Setting<Boolean> ENABLED = Setting.of("enabled", ValueType.bool()).withDefault(true);
    private static final Setting<String> MODE = Setting.of("mode", ValueType.oneOf("auto", "on", "off"));
    private static final OptionSet OPTIONS = OptionSet.of(BUFFER, INTERVAL, ENABLED, MODE);

    @Test
    void parsesOnceIntoTypedValuesWithOneDefaultEach() {
        PbxOptions options = OPTIONS.parse(Map.of("event_buffer", " 42 ", "mode", "ON"));
        assertThat(options.get(BUFFER)).isEqualTo(42);
        assertThat(options.get(INTERVAL)).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.get(ENABLED)).isTrue();
        assertThat(options.get(MODE)).isEqualTo("on");
        assertThat(options.given(INTERVAL)).isEmpty();
        assertThat(PbxOptions.none().get(BUFFER)).isEqualTo(10_000);
        assertThat(PbxOptions.none().get(MODE)).isNull();
    }

    @Test
    void reportsEveryUnknownOrBadOptionByItsKey() {
        Map<String, String> written = new LinkedHashMap<>();
        written.put("event_bufer", "5");
        written.put("event_buffer", "0");
        written.put("poll_interval", "soon");
        written.put("enabled", "yes");
        written.put("mode", "sometimes");
        assertThatThrownBy(() -> OPTIONS.parse(written)).isInstanceOfSatisfying(SettingsException.class, e ->
                assertThat(e.problems()).extracting(SettingProblem::toString).containsExactly(
                        "event_bufer: unknown option (known options: enabled, event_buffer, mode, poll_interval)",
                        "event_buffer: must be at least 1, got 0",
                        "poll_interval: 'soon' is not a duration (use 500ms, 30s, 5m, 1h or PT5M)",
                        "enabled: 'yes' is not a valid boolean (true or false)",
                        "mode: 'sometimes' is not one of auto, on, off"));
    }

    @Test
    void rendersTheReferenceTable() {
        assertThat(OptionSet.of(BUFFER, INTERVAL, MODE).markdownTable()).isEqualTo("""
                | Option | Default | Meaning |
                |---|---|---|
                | `event_buffer` | `10000` | Bound of held events. |
                | `poll_interval` | `30s` | Between polls. |
                | `mode` | none |  |
                """);
    }

    @Test
    void valueTypesFormatWhatTheyParse() {
        for (String d : List.of("24h", "5m", "90s", "250ms")) {
            assertThat(ValueType.duration().format(ValueType.duration().parse(d))).isEqualTo(d);
        }
        assertThat(ValueType.commaList().parse(" a, b ,,c")).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> ValueType.duration().parse("0s")).hasMessage("must be positive");
        assertThat(ValueType.durationOrZero().parse("0s")).isZero();
        assertThatThrownBy(() -> ValueType.integer(1, 1000).parse("1001")).hasMessage("must be between 1 and 1000, got 1001");
        assertThatThrownBy(() -> ValueType.path().parse(" ")).hasMessage("must not be empty");
    }
}
