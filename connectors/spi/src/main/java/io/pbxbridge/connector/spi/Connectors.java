package io.pbxbridge.connector.spi;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The connectors on the class path. */
public final class Connectors {
    private Connectors() {
    }

    public static List<PbxConnector> all() {
        return ServiceLoader.load(PbxConnector.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    public static Optional<PbxConnector> find(String id) {
        return all().stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
