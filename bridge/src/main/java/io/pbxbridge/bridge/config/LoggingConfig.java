package io.pbxbridge.bridge.config;

/** @param format text (default) or json lines */
public record LoggingConfig(LogFormat format) {
    public static final LogFormat DEFAULT_FORMAT = LogFormat.TEXT;
}
