package io.pbxbridge.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java process started by a fault test: its output (stdout and stderr) is appended to a log file and kept
 * in memory (bounded) for {@link #awaitLine}; signals are real ({@code kill -9}, {@code SIGTERM},
 * {@code SIGSTOP}/{@code SIGCONT}). Every process started here is killed when the test JVM exits, whatever
 * happened to the test (a shutdown hook), and tests close theirs in {@code finally}.
 */
final class JvmProcess implements AutoCloseable {
    private static final Set<JvmProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static final int MAX_LINES = 20_000;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> p.process.destroyForcibly()),
                "fault-test-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private JvmProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        RUNNING.add(this);
        this.reader = new Thread(this::pump, "output-of-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java <jvmArgs> <args>} with its output appended to {@code log}. */
    static JvmProcess start(String name, List<String> jvmArgs, List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new JvmProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                synchronized (lines) {
                    if (lines.size() < MAX_LINES) {
                        lines.add(line);
                    }
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Writes to the process's standard input (closing it tells a {@link BrokerMain} to stop). */
    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** The first output line matching {@code pattern}; fails after {@code timeout} or when the process exits first. */
    Matcher awaitLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError(name + ": no line matching /" + pattern + "/ within " + timeout.toSeconds()
                            + " s" + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")")
                            + "; output in " + log);
                }
                try {
                    lines.wait(Math.max(1, Math.min(200, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Output lines matching {@code pattern}, so far. */
    List<String> linesMatching(Pattern pattern) {
        synchronized (lines) {
            return lines.stream().filter(l -> pattern.matcher(l).find()).toList();
        }
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing. */
    void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /**
     * {@code SIGTERM}, as an operator sends it: the process's shutdown hooks run. ({@link Process#destroy} would
     * close our end of its output as well, so its last words would be lost.)
     */
    void terminate() {
        signal("TERM");
    }

    void pause() {
        signal("STOP");
    }

    void resume() {
        signal("CONT");
    }

    /** The exit code, once the process exited within {@code timeout}. */
    Optional<Integer> awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                reader.join(5_000);
                RUNNING.remove(this);
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void signal(String signal) {
        try {
            // The shell's built-in kill: /bin/kill (procps) is missing from minimal Debian images.
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + process.pid()).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Kills the process if it still runs (a paused one is resumed first, so it can die). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                signal("CONT");
            } catch (RuntimeException | AssertionError ignored) {
                // it may already be gone
            }
            awaitExit(Duration.ofSeconds(30));
        }
        RUNNING.remove(this);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
