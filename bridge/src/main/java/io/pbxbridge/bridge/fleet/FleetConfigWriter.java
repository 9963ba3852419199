package io.pbxbridge.bridge.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Writes a bridge configuration for a simulated fleet: every PBX's entry under {@code pbxes}, and the few
 * settings a lab run varies taken from the environment ({@code ${KAFKA_BOOTSTRAP}}, {@code ${INGRESS_PORT}},
 * {@code ${MANAGEMENT_PORT}}, {@code ${KAFKA_PARTITIONS}}), so two instances on one machine share the file.
 * The {@code pbxes} list comes last: the lists of several fleet processes can be appended to one file.
 * The file holds the PBXes' passwords: it is created readable by its owner only.
 */
public final class FleetConfigWriter {
    /** Every string quoted: an unquoted password like {@code 2e5631…} would be read back as a number. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private FleetConfigWriter() {
    }

    public static void write(Path file, FleetOptions options, List<Map<String, Object>> entries) throws IOException {
        StringBuilder out = new StringBuilder(256 + entries.size() * 320);
        out.append("# Written by `pbx-bridge simulate fleet` (").append(options.size()).append(" simulated PBXes: ")
                .append(options.pbxes()).append(").\n")
                .append("# Run a bridge on it: KAFKA_BOOTSTRAP=host:port java -jar pbx-bridge.jar --config FILE\n")
                .append("kafka:\n")
                .append("  bootstrap_servers: ${KAFKA_BOOTSTRAP:-localhost:9092}\n")
                .append("  partitions: ${KAFKA_PARTITIONS:-12}\n")
                .append("ingress:\n")
                .append("  port: ${INGRESS_PORT:-8260}\n")
                .append("  public_base_url: http://127.0.0.1:${INGRESS_PORT:-8260}\n")
                .append("management:\n")
                .append("  port: ${MANAGEMENT_PORT:-8081}\n")
                .append(YAML.writeValueAsString(Map.of("pbxes", entries)));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, ".fleet-", ".yaml",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, out);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
