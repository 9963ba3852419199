package io.pbxbridge.bridge.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options of the run command; also accepted without the word {@code run}, since run is the default. */
public final class RunOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration file. Without it: a demo with an embedded Kafka and simulated PBXes on loopback.")
    Path config;
}
