package io.pbxbridge.bridge.testkit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Debian packages a test needs beyond the JDK (Chromium for the browser test, python3-avro for the
 * Python consumer). A missing package is installed with apt-get when the tests run as root on a
 * machine that has it (CI, a fresh Debian box), once, under a file lock so parallel forks and builds
 * do not collide; otherwise the test fails naming the exact install command. Never a silent skip.
 */
public final class DebianPackages {
    private static final Path APT_GET = Path.of("/usr/bin/apt-get");
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "pbx-bridge-test-apt.lock");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> present = ConcurrentHashMap.newKeySet();

    private DebianPackages() {
    }

    /** Returns once every package is installed; installs missing ones when it may, else fails saying how. */
    public static void ensure(String... packages) {
        List<String> missing = missing(packages);
        if (missing.isEmpty()) {
            return;
        }
        String command = "apt-get install -y " + String.join(" ", missing);
        if (!Files.isExecutable(APT_GET) || !isRoot()) {
            throw new AssertionError("This test needs the Debian package(s) " + String.join(", ", missing)
                    + ", which are not installed. Install them with `sudo " + command + "` (or your system's "
                    + "equivalent); run as root with apt-get available, the test suite installs them itself.");
        }
        try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            missing = missing(packages); // another fork may have installed them while we waited
            if (!missing.isEmpty()) {
                install(missing);
            }
        } catch (IOException e) {
            throw new AssertionError("could not lock " + LOCK + " to install " + missing + ": " + e.getMessage(), e);
        }
        List<String> still = missing(packages);
        if (!still.isEmpty()) {
            throw new AssertionError("apt-get did not install " + still + "; try `" + command + "` by hand");
        }
    }

    private static List<String> missing(String... packages) {
        List<String> missing = new ArrayList<>();
        for (String p : packages) {
            if (!present.contains(p)) {
                Run status = run(List.of("dpkg-query", "-W", "-f=${Status}", p), PROBE_TIMEOUT);
                if (status.exit() == 0 && status.output().contains("install ok installed")) {
                    present.add(p);
                } else {
                    missing.add(p);
                }
            }
        }
        return missing;
    }

    private static void install(List<String> packages) {
        System.err.println("Installing Debian package(s) " + packages + " for the tests (apt-get, as root)");
        // DPkg::Lock::Timeout: wait for another apt run instead of failing on its lock.
        Run update = run(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "update", "-qq"), INSTALL_TIMEOUT);
        List<String> install = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "install", "-y",
                "-qq"));
        install.addAll(packages);
        Run done = run(install, INSTALL_TIMEOUT);
        if (done.exit() != 0) {
            throw new AssertionError("`apt-get install -y " + String.join(" ", packages) + "` failed (exit "
                    + done.exit() + "):\n" + tail(update.output() + done.output()));
        }
    }

    private static boolean isRoot() {
        Run id = run(List.of("id", "-u"), PROBE_TIMEOUT);
        return id.exit() == 0 && id.output().trim().equals("0");
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, Duration timeout) {
        long timeoutSeconds = timeout.toSeconds();
        try {
            Path out = Files.createTempFile("debian-packages", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
                builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Run(-1, command + " did not finish within " + timeoutSeconds + " s");
                }
                return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Run(-1, command.get(0) + ": " + e.getMessage()); // e.g. no dpkg-query on this system
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static String tail(String text) {
        String[] lines = text.strip().split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 20), lines.length));
    }
}
