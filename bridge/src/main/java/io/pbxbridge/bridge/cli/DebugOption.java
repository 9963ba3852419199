package io.pbxbridge.bridge.cli;

import picocli.CommandLine.Option;

/** {@code --debug}: print stack traces with errors. Mixed into every command. */
public final class DebugOption {
    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    public boolean enabled() {
        return debug;
    }
}
