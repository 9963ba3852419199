package io.pbxbridge.connector.spi.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The options a connector understands under {@code pbxes[].options}. The bridge parses every PBX's
 * options with it when the configuration is loaded: an unknown option or a bad value stops the start,
 * and the connector receives typed values ({@link PbxOptions}), never text.
 */
public final class OptionSet {
    /** A connector without options. */
    public static final OptionSet NONE = new OptionSet(List.of());

    private final List<Setting<?>> options;
    private final Map<String, Setting<?>> byKey = new LinkedHashMap<>();

    private OptionSet(List<Setting<?>> options) {
        this.options = List.copyOf(options);
        for (Setting<?> option : this.options) {
            if (byKey.put(option.key(), option) != null) {
                throw new IllegalArgumentException("option " + option.key() + " declared twice");
            }
        }
    }

    public static OptionSet of(Setting<?>... options) {
        return new OptionSet(List.of(options));
    }

    /** In declaration order (the order of the reference table). */
    public List<Setting<?>> options() {
        return options;
    }

    /**
     * Checks and parses options as written in the configuration.
     *
     * @throws SettingsException naming each unknown or bad option by its key, every problem at once
     */
    public PbxOptions parse(Map<String, String> written) {
        Map<String, String> text = written == null ? Map.of() : written;
        Map<String, Object> values = new LinkedHashMap<>();
        List<SettingProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : text.entrySet()) {
            Setting<?> option = byKey.get(e.getKey());
            if (option == null) {
                problems.add(new SettingProblem(e.getKey(), "unknown option (known options: "
                        + String.join(", ", new TreeSet<>(byKey.keySet())) + ")"));
            } else if (e.getValue() != null) {
                try {
                    values.put(option.key(), option.parse(e.getValue()));
                } catch (IllegalArgumentException bad) {
                    problems.add(new SettingProblem(e.getKey(), bad.getMessage()));
                }
            }
        }
        for (Setting<?> option : options) {
            if (option.isRequired() && !values.containsKey(option.key())) {
                problems.add(new SettingProblem(option.key(), "required"));
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return new PbxOptions(text, values);
    }

    /** The Markdown reference table of these options (a test keeps each connector's README in step). */
    public String markdownTable() {
        return SettingTable.markdown("Option", options);
    }
}
