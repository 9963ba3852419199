package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.settings.SettingProblem;
import io.pbxbridge.connector.spi.settings.SettingsException;

import java.util.List;

/**
 * The configuration cannot be used. Each problem starts with the key path that is wrong
 * ({@code pbxes[0].api_urll: unknown key}) so an operator can fix the file without reading code; a load
 * reports every problem it found, one per line of the message.
 */
public final class ConfigException extends SettingsException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String keyPath, String problem) {
        super(keyPath == null ? "" : keyPath, problem);
    }

    public ConfigException(String keyPath, String problem, Throwable cause) {
        this(keyPath, problem);
        initCause(cause);
    }

    public ConfigException(List<SettingProblem> problems) {
        super(problems);
    }

    /** The key path of the first problem, e.g. {@code kafka.partitions}; empty for the whole file. */
    public String keyPath() {
        return problems().get(0).key();
    }
}
