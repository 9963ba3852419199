package io.pbxbridge.connector.spi.settings;

import java.util.List;

/** Renders settings as the Markdown table of a configuration reference: key, default, meaning. */
public final class SettingTable {
    private SettingTable() {
    }

    /** @param keyHeading the first column's heading, e.g. {@code Key} or {@code Option} */
    public static String markdown(String keyHeading, List<? extends Setting<?>> settings) {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(keyHeading).append(" | Default | Meaning |\n");
        out.append("|---|---|---|\n");
        for (Setting<?> s : settings) {
            out.append("| ").append(s.docKey()).append(" | ").append(s.docDefault()).append(" | ")
                    .append(s.description()).append(" |\n");
        }
        return out.toString();
    }
}
