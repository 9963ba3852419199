package io.pbxbridge.bridge.modules;

import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.sim.PbxSimulator;
import io.pbxbridge.connector.spi.sim.Simulators;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module rules the build relies on: a connector's artifact carries no simulator (the simulators are
 * modules of their own), and every simulator stands in for a connector the bridge can load.
 */
class ConnectorModulesTest {
    private static final String SIMULATOR_SERVICE = "META-INF/services/" + PbxSimulator.class.getName();

    @Test
    void connectorArtifactsCarryNoSimulator() throws Exception {
        List<PbxConnector> connectors = Connectors.all();
        assertThat(connectors).isNotEmpty();
        for (PbxConnector connector : connectors) {
            List<String> entries = entriesOf(connector.getClass());
            assertThat(entries).as("classes of %s", connector.id())
                    .contains(connector.getClass().getName().replace('.', '/') + ".class");
            assertThat(entries).as("%s carries no simulator package", connector.id())
                    .noneMatch(e -> e.endsWith(".class") && e.contains("/sim/"));
            assertThat(entries).as("%s registers no simulator", connector.id()).doesNotContain(SIMULATOR_SERVICE);
        }
    }

    @Test
    void everySimulatorStandsInForALoadableConnectorAndLivesElsewhere() throws Exception {
        List<PbxSimulator> simulators = Simulators.all();
        assertThat(simulators).extracting(PbxSimulator::vendorId)
                .containsExactlyInAnyOrderElementsOf(Connectors.all().stream().map(PbxConnector::id).toList());
        for (PbxSimulator simulator : simulators) {
            Path home = codeSource(simulator.getClass());
            assertThat(home).as("simulator %s is not in its connector's artifact", simulator.vendorId())
                    .isNotEqualTo(codeSource(Connectors.find(simulator.vendorId()).orElseThrow().getClass()));
        }
    }

    /** Every entry of the jar or class directory a class was loaded from. */
    private static List<String> entriesOf(Class<?> type) throws IOException, URISyntaxException {
        Path home = codeSource(type);
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(home)) {
            try (Stream<Path> files = Files.walk(home)) {
                files.filter(Files::isRegularFile).forEach(f -> entries.add(home.relativize(f).toString().replace('\\', '/')));
            }
        } else {
            try (JarFile jar = new JarFile(home.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    entries.add(e.nextElement().getName());
                }
            }
        }
        return entries;
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
