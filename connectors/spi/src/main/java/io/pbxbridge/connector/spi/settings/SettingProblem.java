package io.pbxbridge.connector.spi.settings;

/**
 * One thing wrong with a configuration value.
 *
 * @param key     where, relative to what was checked: {@code api_version}, {@code event_buffer}; the
 *                bridge prefixes it with the entry's path ({@code pbxes[0].options.event_buffer})
 * @param problem what, for the operator: {@code must be at least 1, got 0}
 */
public record SettingProblem(String key, String problem) {
    /** The same problem one level deeper: {@code under("pbxes[0]")} turns {@code id} into {@code pbxes[0].id}. */
    public SettingProblem under(String prefix) {
        return new SettingProblem(prefix == null || prefix.isEmpty() ? key
                : key == null || key.isEmpty() ? prefix : prefix + "." + key, problem);
    }

    @Override
    public String toString() {
        return key == null || key.isEmpty() ? problem : key + ": " + problem;
    }
}
