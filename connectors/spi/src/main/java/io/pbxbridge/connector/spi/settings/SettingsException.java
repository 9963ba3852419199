package io.pbxbridge.connector.spi.settings;

import java.util.List;
import java.util.stream.Collectors;

/** Configuration values that cannot be used; carries every problem found, not just the first. */
public class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<SettingProblem> problems;

    public SettingsException(List<SettingProblem> problems) {
        super(problems.stream().map(SettingProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems to report");
        }
        this.problems = List.copyOf(problems);
    }

    public SettingsException(String key, String problem) {
        this(List.of(new SettingProblem(key, problem)));
    }

    /** In the order found; never empty. */
    public List<SettingProblem> problems() {
        return problems;
    }
}
