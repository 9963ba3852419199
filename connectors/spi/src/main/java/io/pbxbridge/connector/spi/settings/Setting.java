package io.pbxbridge.connector.spi.settings;

import java.util.Objects;
import java.util.Optional;

/**
 * One setting, defined once: its key, value type, default and documentation. Validation, the typed
 * value a component receives and the configuration reference all derive from this definition.
 * Immutable; the {@code with...} methods return changed copies.
 *
 * @param <T> the type of the parsed value
 */
public final class Setting<T> {
    private final String key;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String defaultText;
    private final String docKey;
    private final String description;
    private final boolean required;

    private Setting(String key, ValueType<T> type, T defaultValue, String defaultText, String docKey,
                    String description, boolean required) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.docKey = docKey;
        this.description = description == null ? "" : description;
        this.required = required;
    }

    /** A setting without default, described later with {@link #doc}. */
    public static <T> Setting<T> of(String key, ValueType<T> type) {
        return new Setting<>(key, type, null, null, null, "", false);
    }

    /** The value used when the key is absent. */
    public Setting<T> withDefault(T value) {
        return new Setting<>(key, type, Objects.requireNonNull(value), defaultText, docKey, description, required);
    }

    /**
     * How the default reads in the reference when it is not a plain value (computed, inherited, none):
     * {@code <hostname>-<pid>}, {@code backoff_base}. Markdown.
     */
    public Setting<T> withDefaultText(String markdown) {
        return new Setting<>(key, type, defaultValue, markdown, docKey, description, required);
    }

    /** The key as the reference shows it when it is not just {@code `key`}, e.g. a secret with a file twin. Markdown. */
    public Setting<T> withDocKey(String markdown) {
        return new Setting<>(key, type, defaultValue, defaultText, markdown, description, required);
    }

    /** The meaning, one or two sentences of Markdown for the reference. */
    public Setting<T> doc(String markdown) {
        return new Setting<>(key, type, defaultValue, defaultText, docKey, markdown, required);
    }

    /** Absent is an error ("required"). */
    public Setting<T> required() {
        return new Setting<>(key, type, defaultValue, defaultText, docKey, description, true);
    }

    public String key() {
        return key;
    }

    public ValueType<T> type() {
        return type;
    }

    /** The default, or null when the setting has none (absent means unset, or the default is computed). */
    public T defaultValue() {
        return defaultValue;
    }

    public Optional<T> defaultIfAny() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean isRequired() {
        return required;
    }

    public String description() {
        return description;
    }

    /** Parses {@code text} with this setting's type; the exception's message names the problem, not the key. */
    public T parse(String text) {
        return type.parse(text);
    }

    /** The key column of the reference. */
    public String docKey() {
        return docKey != null ? docKey : "`" + key + "`";
    }

    /** The default column of the reference. */
    public String docDefault() {
        if (defaultText != null) {
            return defaultText;
        }
        if (required) {
            return "required";
        }
        return defaultValue == null ? "none" : "`" + type.format(defaultValue) + "`";
    }

    @Override
    public String toString() {
        return key;
    }
}
