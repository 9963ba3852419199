package io.pbxbridge.bridge.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How log lines look: human text or one JSON object per line for log shippers. */
public enum LogFormat {
    TEXT("text"),
    JSON("json");

    private final String code;

    LogFormat(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static LogFormat fromCode(String code) {
        String c = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        for (LogFormat f : values()) {
            if (f.code.equals(c)) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + code + "' is not one of " + codes());
    }

    static String codes() {
        return Arrays.stream(values()).map(LogFormat::code).collect(Collectors.joining(", "));
    }
}
