package io.pbxbridge.connector.spi.settings;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The options of one PBX, parsed once when the configuration was loaded ({@link OptionSet#parse}).
 * A connector reads typed values with {@link #get}: the value given, else the option's default.
 */
public final class PbxOptions {
    private static final PbxOptions NONE = new PbxOptions(Map.of(), Map.of());
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|cookie).*");

    private final Map<String, String> text;
    private final Map<String, Object> values;

    PbxOptions(Map<String, String> text, Map<String, Object> values) {
        this.text = Map.copyOf(text);
        this.values = Map.copyOf(values);
    }

    /** No options given: every option has its default. */
    public static PbxOptions none() {
        return NONE;
    }

    /** The value given for {@code option}, else its default (null when it has none). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> option) {
        Object v = values.get(option.key());
        return v != null ? (T) v : option.defaultValue();
    }

    /** The value given for {@code option}, ignoring its default. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> given(Setting<T> option) {
        return Optional.ofNullable((T) values.get(option.key()));
    }

    /** The options as written, for display; see {@link #toString()} for a loggable form. */
    public Map<String, String> asWritten() {
        return text;
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** True for option keys whose values are secrets and must not be printed. */
    public static boolean isSecret(String key) {
        return key != null && SECRET_KEY.matcher(key).matches()
                && !key.toLowerCase(java.util.Locale.ROOT).endsWith("_file");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PbxOptions other && text.equals(other.text) && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The options as written, secret values masked: safe to log. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        text.forEach((k, v) -> shown.put(k, isSecret(k) ? "******" : v));
        return shown.toString();
    }
}
