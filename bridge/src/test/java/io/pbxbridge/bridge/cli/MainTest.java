package io.pbxbridge.bridge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(CommandLine cmd, String... args) {
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private int run(String... args) {
        return run(Main.commandLine(), args);
    }

    private String[] errLines() {
        return err.toString().lines().toArray(String[]::new);
    }

    @Test
    void helpExitsZeroAndListsRunAndConfig() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("pbx-bridge", "run", "--config", "--version");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void runHasHelpAndVersionToo() {
        assertThat(run("run", "--help")).isZero();
        assertThat(out.toString()).contains("--config=FILE", "--debug");
        out.getBuffer().setLength(0);
        assertThat(run("run", "--version")).isZero();
        assertThat(out.toString()).startsWith("pbx-bridge ");
    }

    @Test
    void versionExitsZero() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("pbx-bridge ").contains("Java ");
    }

    @Test
    void unknownOptionIsOneLineAndExitTwo() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(errLines()).hasSize(1);
        assertThat(errLines()[0]).contains("Unknown option: '--bogus'").contains("--help");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownOptionOfRunIsOneLine() {
        assertThat(run("run", "--confg", "x.yaml")).isEqualTo(2);
        assertThat(errLines()).hasSize(1);
        assertThat(errLines()[0]).startsWith("pbx-bridge run: ").contains("--confg");
    }

    @Test
    void configWithUnknownKeyExitsTwoNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bridge.yaml"), """
                pbxes:
                  - id: office-1
                    vendor: yeastar-s
                    api_urll: https://10.0.0.5:8088
                """);
        for (String[] args : new String[][] {{"--config", file.toString()}, {"run", "--config", file.toString()}}) {
            err.getBuffer().setLength(0);
            assertThat(run(args)).isEqualTo(2);
            // Every problem of the file, one line each, the unknown key first.
            assertThat(errLines()[0]).startsWith("pbx-bridge: configuration error: pbxes[0].api_urll: unknown key");
            assertThat(errLines()).contains("pbx-bridge: configuration error: pbxes[0].api_url: required",
                            "pbx-bridge: configuration error: pbxes[0].api_version: required")
                    .allMatch(line -> line.startsWith("pbx-bridge: configuration error: pbxes[0]."));
        }
    }

    @Test
    void plainCommandLineReportsConfigErrorsTheSameWay(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bridge.yaml"), "kafka:\n  partitons: 3\n");
        assertThat(run(new CommandLine(new Main()), "-c", file.toString())).isEqualTo(2);
        assertThat(errLines()).containsExactly(
                "pbx-bridge: configuration error: kafka.partitons: unknown key (known keys here: bootstrap_servers, "
                        + "consumer, create_topics, embedded, partitions, producer, replication_factor, security, "
                        + "topic_prefix)");
    }

    @Test
    void recordNamesAConfiguredPbxAndAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bridge.yaml"), """
                pbxes:
                  - id: office-1
                    vendor: yeastar-s
                    api_url: https://10.0.0.5:8088
                    username: api
                    password: pw
                    api_version: 2.0.0
                    report_secret: 0123456789abcdef
                """);
        assertThat(run("run", "--config", file.toString(), "--record", "office-2=" + dir.resolve("c.jsonl"))).isEqualTo(2);
        assertThat(errLines()).containsExactly("pbx-bridge: configuration error: --record: no PBX with id 'office-2' in "
                + file);
        err.getBuffer().setLength(0);
        assertThat(run("run", "--config", file.toString(), "--record", "office-1")).isEqualTo(2);
        assertThat(errLines()).containsExactly("pbx-bridge: configuration error: --record: 'office-1' needs a file: "
                + "--record office-1=FILE");
    }

    @Test
    void missingConfigFileExitsTwo(@TempDir Path dir) {
        assertThat(run("--config", dir.resolve("absent.yaml").toString())).isEqualTo(2);
        assertThat(errLines()).hasSize(1);
        assertThat(errLines()[0]).contains("does not exist");
    }

    @Test
    void debugAddsTheStackTrace(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bridge.yaml"), "ingres: {}\n");
        assertThat(run("run", "--debug", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("ConfigException", "\tat ")
                .contains("pbx-bridge: configuration error: ingres: unknown key");
    }

    @Test
    void logFormatSwitchPrefersJsonFromEitherSource() {
        assertThat(LogFormatDefiner.resolve(null, null)).isEqualTo("text");
        assertThat(LogFormatDefiner.resolve(null, "JSON")).isEqualTo("json");
        assertThat(LogFormatDefiner.resolve("json", "text")).isEqualTo("json");
        assertThat(LogFormatDefiner.resolve("xml", null)).isEqualTo("text");
    }
}
