package io.pbxbridge.bridge.cli;

import io.pbxbridge.bridge.config.ConfigException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a failure into ONE line on stderr (a bad configuration: one line per problem) and an exit
 * code: an operator reads the line, a script reads the code. Stack traces only with {@code --debug}.
 */
final class CliErrors {
    static final int OK = 0;
    static final int FAILURE = 1;
    /** Bad command line or bad configuration: fix the input, do not retry. */
    static final int USAGE = 2;

    private CliErrors() {
    }

    static int report(PrintWriter err, Throwable failure, boolean debug) {
        Throwable e = unwrap(failure);
        if (debug) {
            e.printStackTrace(err);
        }
        if (e instanceof ConfigException config) {
            // Every problem of the file at once, one line each.
            config.problems().forEach(p -> err.println("pbx-bridge: configuration error: " + oneLine(p.toString())));
            err.flush();
            return USAGE;
        }
        err.println("pbx-bridge: " + describe(e) + (debug ? "" : " (run with --debug for details)"));
        err.flush();
        return FAILURE;
    }

    /** Unknown option, missing parameter...: one line plus where to look. */
    static CommandLine.IParameterExceptionHandler parameterHandler() {
        return (ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage())
                    + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            cmd.getErr().flush();
            return USAGE;
        };
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof CommandLine.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : oneLine(message);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
