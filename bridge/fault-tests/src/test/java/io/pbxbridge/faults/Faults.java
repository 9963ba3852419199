package io.pbxbridge.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Where the fault tests find the jar and put their logs, and the few waits they share. */
final class Faults {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Faults() {
    }

    /** The runnable jar under test, built by the bridge module before this one. */
    static Path bridgeJar() {
        Path jar = Path.of(System.getProperty("pbx.bridge.jar", "../target/pbx-bridge.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the runnable jar " + jar + " is missing: build with ./mvnw -B verify"
                    + " (or ./mvnw -B -DskipTests package first)");
        }
        return jar;
    }

    static Path testClasses() {
        return Path.of(System.getProperty("pbx.faults.classes", "target/test-classes")).toAbsolutePath().normalize();
    }

    /** A fresh directory for one test's logs and data: {@code target/fault-logs/<name>-<time>}. */
    static Path workDir(String name) {
        Path root = Path.of(System.getProperty("pbx.faults.logs", "target/fault-logs"));
        Path dir = root.resolve(name + "-" + System.currentTimeMillis()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    /** Waits (checking every 100 ms) until {@code condition} holds; returns how long that took. */
    static Duration until(String what, Duration timeout, BooleanSupplier condition) {
        return until(what, timeout, Duration.ofMillis(100), condition);
    }

    /** Waits (checking every {@code every}) until {@code condition} holds; returns how long that took. */
    static Duration until(String what, Duration timeout, Duration every, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            sleep(every);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One measured figure, on the test's output (target/surefire-reports/*-output.txt): {@code FIGURE name value}. */
    static void figure(String name, Duration value) {
        System.out.printf("FIGURE %s %.1f s%n", name, value.toMillis() / 1000.0);
        System.out.flush();
    }

    /** One counted figure, printed like {@link #figure}: {@code FIGURE name value}. */
    static void count(String name, long value) {
        System.out.printf("FIGURE %s %d%n", name, value);
        System.out.flush();
    }

    /** GET {@code url}: status and body; status 0 when nothing answers. */
    static Response get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Response(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, "interrupted");
        }
    }

    record Response(int status, String body) {
    }
}
