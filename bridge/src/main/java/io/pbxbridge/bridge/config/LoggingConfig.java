package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.util.List;

/** @param format text (default) or json lines */
public record LoggingConfig(LogFormat format) {
    static final Setting<LogFormat> FORMAT = Setting.of("format", ValueType.of(LogFormat::fromCode, LogFormat::code))
            .withDefault(LogFormat.TEXT)
            .doc("`text` or `json` (one JSON object per line, logback's `JsonEncoder`). The environment variable "
                    + "`PBX_LOG_FORMAT=json` also switches to JSON; JSON wins if either asks for it. Logs go to "
                    + "stderr; Kafka client loggers are at WARN.");

    static final List<Setting<?>> KEYS = List.of(FORMAT);

    static LoggingConfig read(ConfigSection in) {
        in.rejectUnknownKeys(KEYS, List.of());
        return new LoggingConfig(in.get(FORMAT));
    }
}
