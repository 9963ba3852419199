package io.pbxbridge.bridge.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options of the run command; also accepted without the word {@code run}, since run is the default. */
public final class RunOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration file. Without it: a demo with an embedded Kafka and simulated PBXes on loopback.")
    Path config;

    @Option(names = "--record", paramLabel = "PBX_ID=FILE", mapFallbackValue = "",
            description = "Record everything the PBX sends to a capture file (as record_to in its entry; repeatable). "
                    + "Replay it with 'normalize FILE' or 'simulate <vendor> --replay FILE'.")
    Map<String, Path> record = new LinkedHashMap<>();
}
