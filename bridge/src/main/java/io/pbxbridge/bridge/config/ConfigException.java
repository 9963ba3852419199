package io.pbxbridge.bridge.config;

/**
 * The configuration cannot be used. The message always starts with the key path that is wrong
 * ({@code pbxes[0].api_urll: unknown key}) so an operator can fix the file without reading code.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String keyPath;

    public ConfigException(String keyPath, String problem) {
        super(keyPath == null || keyPath.isEmpty() ? problem : keyPath + ": " + problem);
        this.keyPath = keyPath == null ? "" : keyPath;
    }

    public ConfigException(String keyPath, String problem, Throwable cause) {
        this(keyPath, problem);
        initCause(cause);
    }

    /** The key path the problem is about, e.g. {@code kafka.partitions}; empty for the whole file. */
    public String keyPath() {
        return keyPath;
    }
}
