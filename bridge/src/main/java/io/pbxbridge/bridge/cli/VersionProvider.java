package io.pbxbridge.bridge.cli;

import io.pbxbridge.bridge.management.BuildInfo;
import picocli.CommandLine;

/** {@code --version} for every command. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
                "pbx-bridge " + BuildInfo.version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
