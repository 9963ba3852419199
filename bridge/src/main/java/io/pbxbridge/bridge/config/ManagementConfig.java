package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.util.List;

/**
 * The management HTTP server (health and metrics).
 *
 * @param host bind address
 * @param port TCP port; 0 picks a free port (tests)
 */
public record ManagementConfig(String host, int port) {
    static final Setting<String> HOST = Setting.of("host", ValueType.nonBlank()).withDefault("0.0.0.0")
            .doc("Bind address of the management server.");
    static final Setting<Integer> PORT = Setting.of("port", ConfigTypes.port(true)).withDefault(8081)
            .doc("Port of `/health/*` and `/metrics`; must differ from `ingress.port`.");

    static final List<Setting<?>> KEYS = List.of(HOST, PORT);

    static ManagementConfig read(ConfigSection in) {
        in.rejectUnknownKeys(KEYS, List.of());
        return new ManagementConfig(in.get(HOST), in.get(PORT));
    }
}
