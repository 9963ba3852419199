package io.pbxbridge.bridge.cli;

import ch.qos.logback.core.PropertyDefinerBase;

import java.util.Locale;

/**
 * Tells logback.xml which appender to use: {@code json} when the system property
 * {@value #PROPERTY} or the environment variable {@value #ENV} says json, else {@code text}.
 * Any other value falls back to text rather than silently logging nothing.
 */
public final class LogFormatDefiner extends PropertyDefinerBase {
    public static final String PROPERTY = "pbx.log.format";
    public static final String ENV = "PBX_LOG_FORMAT";

    @Override
    public String getPropertyValue() {
        return resolve(System.getProperty(PROPERTY), System.getenv(ENV));
    }

    static String resolve(String property, String env) {
        return isJson(property) || isJson(env) ? "json" : "text";
    }

    private static boolean isJson(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("json");
    }
}
