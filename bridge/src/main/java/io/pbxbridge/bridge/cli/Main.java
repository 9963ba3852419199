package io.pbxbridge.bridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code java -jar pbx-bridge.jar [run] [--config FILE]}. Without a subcommand the bridge runs, so
 * the shortest command line does the common thing.
 */
@Command(name = "pbx-bridge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Bridges office IP PBXes (Yeastar S-Series, Grandstream UCM) and Apache Kafka.",
        subcommands = {
                RunCommand.class,
                NormalizeCommand.class,
                TailCommand.class, SendCommand.class,
                SimulateCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {
    @Mixin
    RunOptions runOptions = new RunOptions();
    @Mixin
    DebugOption debugOption = new DebugOption();
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with one-line error reporting for bad arguments; use this to embed or test. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        SimulateCommand.addSimulators(cmd.getSubcommands().get("simulate"));
        cmd.setParameterExceptionHandler(CliErrors.parameterHandler());
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                CliErrors.report(commandLine.getErr(), ex, debugRequested(parseResult)));
        return cmd;
    }

    /** No subcommand: run. */
    @Override
    public Integer call() {
        return new RunCommand(runOptions, debugOption, spec).call();
    }

    boolean debug() {
        return debugOption.enabled();
    }

    private static boolean debugRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
