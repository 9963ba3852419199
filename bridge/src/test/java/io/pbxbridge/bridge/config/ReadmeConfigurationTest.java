package io.pbxbridge.bridge.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.pbxbridge.connector.spi.PbxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the README's configuration reference honest: every key documented, the example valid. */
class ReadmeConfigurationTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void everyConfigurationKeyIsDocumented() throws Exception {
        String readme = Files.readString(README);
        PropertyNamingStrategies.NamingBase snake = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
        for (Class<?> type : RawConfig.class.getDeclaredClasses()) {
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    // Documented as `key` or as part of a dotted path such as `tls.key`.
                    assertThat(readme).as("README documents %s.%s", type.getSimpleName(), f.getName())
                            .containsPattern("[`.]" + snake.translate(f.getName()) + "[`.]");
                }
            }
        }
        for (Field f : RawConfig.class.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers())) {
                assertThat(readme).contains("`" + snake.translate(f.getName()) + "`");
            }
        }
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
