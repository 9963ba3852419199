package io.pbxbridge.bridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Python reader of the contract ({@code schemas/src/test/python/}, the code schemas/README.md
 * quotes) with Apache Avro's Python library, Debian's {@code python3-avro}. When no interpreter can
 * import it, {@link DebianPackages} installs the package (as root) or fails naming the install command;
 * the test is never skipped ({@code .ci/run} installs it up front too).
 */
public final class PythonAvro {
    /** Debian's interpreter first: python3-avro installs into its dist-packages, not into a pyenv. */
    private static final List<String> INTERPRETERS = List.of("/usr/bin/python3", "python3");
    private static final Path SCRIPTS = Path.of("..", "schemas", "src", "test", "python").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonAvro() {
    }

    /** Runs {@code script} (a file in schemas/src/test/python) with {@code input} on stdin; returns its JSON answer. */
    public static JsonNode run(String script, JsonNode input) {
        Path file = SCRIPTS.resolve(script);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file + " (tests run from the module directory, bridge/)");
        }
        Result result = exec(List.of(interpreter(), file.toString()), input.toString());
        if (result.exit() != 0) {
            throw new AssertionError("python " + script + " failed (exit " + result.exit() + "):\n" + result.stderr());
        }
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new AssertionError("python " + script + " wrote no JSON: " + result.stdout() + "\n" + result.stderr());
        }
    }

    private static String interpreter() {
        try {
            return workingInterpreter();
        } catch (AssertionError missing) {
            DebianPackages.ensure("python3", "python3-avro");
            return workingInterpreter();
        }
    }

    private static String workingInterpreter() {
        StringBuilder tried = new StringBuilder();
        for (String python : INTERPRETERS) {
            Result probe = exec(List.of(python, "-c", "import avro.io, avro.schema"), "");
            if (probe.exit() == 0) {
                return python;
            }
            String[] lines = probe.stderr().strip().split("\n");
            tried.append("\n  ").append(python).append(": ").append(lines[lines.length - 1]);
        }
        throw new AssertionError("Apache Avro's Python library is missing; install it with"
                + " `apt-get install -y python3-avro` (Debian; .ci/run does this). Tried:" + tried);
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result exec(List<String> command, String stdin) {
        try {
            Path out = Files.createTempFile("python-avro", ".out");
            Path err = Files.createTempFile("python-avro", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
                Process process = builder.start();
                try (var in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not finish within 60 s");
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", e.getMessage()); // e.g. no such interpreter
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
