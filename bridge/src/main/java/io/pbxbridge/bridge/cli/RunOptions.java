package io.pbxbridge.bridge.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options of the run command; also accepted without the word {@code run}, since run is the default. */
public final class RunOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration file. Without it: embedded Kafka, no PBXes, every default.")
    Path config;
}
