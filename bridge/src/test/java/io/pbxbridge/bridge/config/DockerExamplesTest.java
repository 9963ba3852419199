package io.pbxbridge.bridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pbxbridge.connector.spi.PbxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment examples under docker/ stay valid: both bridge configurations load with the same
 * validation the bridge runs at start, and the compose file references only things that exist.
 * (No Docker engine is needed: the compose file is checked structurally.)
 */
class DockerExamplesTest {
    private static final Path DOCKER = Path.of("..", "docker");

    /** Loads a config whose secret files live under /run/secrets, with those files made up in a temp dir. */
    private static BridgeConfig load(Path config, Path secrets, Map<String, String> env) throws Exception {
        String yaml = Files.readString(config).replace("/run/secrets/", secrets.toString() + "/");
        for (String line : yaml.split("\n")) {
            int at = line.indexOf(secrets.toString() + "/");
            if (at >= 0) {
                Path file = Path.of(line.substring(at).trim());
                Files.writeString(file, "secret-value-for-" + file.getFileName() + "-0123456789");
            }
        }
        return ConfigLoader.parse(yaml, env);
    }

    @Test
    void realPbxExampleLoads(@TempDir Path secrets) throws Exception {
        BridgeConfig config = load(DOCKER.resolve("config/bridge-real-pbxes.example.yaml"), secrets, Map.of());
        assertThat(config.pbxes()).extracting(PbxConfig::id).containsExactly("hq", "branch");
        assertThat(config.pbxes()).extracting(PbxConfig::vendor).containsExactly("yeastar-s", "grandstream-ucm");
        assertThat(config.pbx("hq").orElseThrow().password().reveal()).startsWith("secret-value-for-hq_password");
        assertThat(config.kafka().replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void composeBridgeConfigLoads(@TempDir Path secrets) throws Exception {
        BridgeConfig config = load(DOCKER.resolve("config/bridge-compose.yaml"), secrets,
                Map.of("YEASTAR_PASSWORD", "y", "UCM_SIM_API_PASSWORD", "a", "UCM_SIM_WEB_PASSWORD", "w"));
        assertThat(config.codec().format()).isEqualTo(CodecFormat.CONFLUENT);
        assertThat(config.pbxes()).extracting(PbxConfig::id).containsExactly("yeastar-sim", "ucm-sim");
    }

    @Test
    void composeFileReferencesExistingFilesAndServices() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("compose.yaml").toFile());
        JsonNode services = compose.get("services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("kafka", "schema-registry", "bridge", "yeastar-sim", "ucm-sim");
        assertThat(services.get("kafka").get("image").asText()).startsWith("apache/kafka");
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            JsonNode dependsOn = service.getValue().get("depends_on");
            if (dependsOn != null) {
                dependsOn.fieldNames().forEachRemaining(d -> assertThat(names).as("%s depends on", service.getKey()).contains(d));
            }
            JsonNode volumes = service.getValue().get("volumes");
            if (volumes != null) {
                for (JsonNode v : volumes) {
                    String source = v.asText().split(":")[0];
                    if (source.startsWith("./")) {
                        assertThat(DOCKER.resolve(source)).as("volume source of %s", service.getKey()).exists();
                    }
                }
            }
        }
        compose.get("secrets").fields().forEachRemaining(s ->
                assertThat(DOCKER.resolve(s.getValue().get("file").asText())).as("secret %s", s.getKey()).exists());
        JsonNode build = services.get("yeastar-sim").get("build");
        assertThat(DOCKER.resolve(build.get("context").asText()).resolve(build.get("dockerfile").asText())).exists();
    }
}
