package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.SettingTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's configuration reference equal to the definitions: each section's table is the one
 * rendered from its keys (name, default, meaning), and the deployment example loads. The rendered
 * reference is written to {@code target/configuration-reference.md}: after changing a setting, paste
 * the table from there.
 */
class ReadmeConfigurationTest {
    private static final Path README = Path.of("..", "README.md");

    /** README heading of each section → its keys. */
    static Map<String, List<Setting<?>>> reference() {
        Map<String, List<Setting<?>>> tables = new LinkedHashMap<>();
        tables.put("### Top level", BridgeConfig.KEYS);
        ConfigValidator.SECTIONS.forEach((name, keys) ->
                tables.put("### `" + name + "`" + (name.equals("pbxes") ? " (list)" : ""), keys));
        return tables;
    }

    @Test
    void everySectionTableIsRenderedFromTheDefinitions() throws Exception {
        String readme = Files.readString(README);
        StringBuilder rendered = new StringBuilder();
        reference().forEach((heading, keys) -> rendered.append(heading).append("\n\n")
                .append(SettingTable.markdown("Key", keys)).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "configuration-reference.md"), rendered);
        reference().forEach((heading, keys) -> {
            int at = readme.indexOf("\n" + heading + "\n");
            assertThat(at).as("README has the heading %s", heading).isPositive();
            int next = readme.indexOf("\n### ", at + 1);
            String section = readme.substring(at, next < 0 ? readme.length() : next);
            assertThat(section).as("the README section %s shows its keys as defined (see "
                    + "bridge/target/configuration-reference.md)", heading).contains(SettingTable.markdown("Key", keys));
        });
    }

    @Test
    void deploymentExampleIsAValidConfiguration(@TempDir Path secrets) throws Exception {
        String readme = Files.readString(README);
        int section = readme.indexOf("### Example: a real deployment");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        Files.writeString(secrets.resolve("hq-password"), "pw\n");
        Files.writeString(secrets.resolve("hq-report-secret"), "0123456789abcdef0123\n");
        BridgeConfig config = ConfigLoader.parse(yaml.replace("/run/secrets/", secrets + "/"),
                Map.of("KAFKA_PASSWORD", "kafka-pw", "HQ_CERT_SHA256", "ab".repeat(32)));
        PbxConfig hq = config.pbx("hq").orElseThrow();
        assertThat(hq.apiVersion()).isEqualTo("2.0.0");
        assertThat(config.kafka().security().get("sasl.jaas.config")).contains("password=\"kafka-pw\"");
        assertThat(config.toString()).doesNotContain("kafka-pw");
    }
}
