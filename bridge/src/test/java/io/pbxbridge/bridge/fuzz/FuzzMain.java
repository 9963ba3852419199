package io.pbxbridge.bridge.fuzz;

import io.pbxbridge.bridge.kafka.EmbeddedKafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Long fuzz runs outside the suite, started by {@code bridge/bench/fuzz.sh}:
 * <pre>
 *   fuzz.sh commands [--seconds 600] [--seed 1] [--records 2000] [--bootstrap host:port]
 * </pre>
 * {@code commands}: rounds of {@link CommandFuzz} against one running bridge until the time is up, each
 * round verified before the next (seed, seed+1, ...), then the whole-run checks. Without
 * {@code --bootstrap} an embedded broker runs in a temporary directory.
 * <pre>
 *   fuzz.sh ingress [--seconds 600] [--seed 1] [--requests 2500] [--slow 50] [--idle 2000] [--jar bridge/target/pbx-bridge.jar]
 * </pre>
 * {@code ingress}: rounds of {@link IngressFuzz} ({@code --requests} per vendor, {@code --slow} slow bodies and
 * {@code --idle} idle sockets each) against the runnable jar in a process of its own (its embedded broker, a
 * simulated Yeastar and UCM in this process), each round verified before the next, then the whole-run checks
 * (its log, its liveness, a last good report per vendor) and the bridge's resident memory.
 * Exit 0 when every invariant held, 1 when one broke (each violation printed with the seed that reproduces it),
 * 2 on bad arguments.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("a mode is required");
        }
        Map<String, String> options = options(args);
        int exit = switch (args[0]) {
            case "commands" -> commands(options);
            case "ingress" -> ingress(options);
            default -> usage("unknown mode '" + args[0] + "'");
        };
        System.exit(exit);
    }

    private static int commands(Map<String, String> options) throws Exception {
        long seconds = Long.parseLong(options.getOrDefault("seconds", "60"));
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        int records = Integer.parseInt(options.getOrDefault("records", "2000"));
        EmbeddedKafka embedded = null;
        String bootstrap = options.get("bootstrap");
        if (bootstrap == null) {
            Path dir = Files.createTempDirectory("fuzz-kafka");
            embedded = EmbeddedKafka.start(dir, 0);
            bootstrap = embedded.bootstrapServers();
        }
        List<String> violations = new ArrayList<>();
        long total = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        String prefix = "fuzz" + System.currentTimeMillis() + ".";
        try (CommandFuzz fuzz = CommandFuzz.start(bootstrap, prefix)) {
            for (long round = seed; System.nanoTime() < deadline; round++) {
                long started = System.nanoTime();
                CommandFuzz.Ledger ledger = fuzz.round(records, round);
                CommandFuzz.Verdict verdict = fuzz.verify(ledger, Duration.ofSeconds(120));
                total += ledger.records();
                System.out.printf(Locale.ROOT, "round seed %d: %d records %s -> %d results, %d dead letters, %d violations, %.1f s%n",
                        round, ledger.records(), ledger.kinds, verdict.results(), verdict.deadLetters(),
                        verdict.violations().size(), (System.nanoTime() - started) / 1e9);
                final long failingSeed = round;
                verdict.violations().forEach(v -> violations.add("seed " + failingSeed + ": " + v));
                fuzz.forget(ledger);
            }
            violations.addAll(fuzz.finalChecks());
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        System.out.printf(Locale.ROOT, "%d command records in %d s, %d violations%n", total, seconds, violations.size());
        violations.stream().limit(200).forEach(v -> System.out.println("VIOLATION " + v));
        return violations.isEmpty() ? 0 : 1;
    }

    private static int ingress(Map<String, String> options) throws Exception {
        long seconds = Long.parseLong(options.getOrDefault("seconds", "60"));
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "2500"));
        int slow = Integer.parseInt(options.getOrDefault("slow", "50"));
        int idle = Integer.parseInt(options.getOrDefault("idle", "2000"));
        Path jar = Path.of(options.getOrDefault("jar", "bridge/target/pbx-bridge.jar"));
        if (!Files.isRegularFile(jar)) {
            return usage("no runnable jar at " + jar + " (build it: ./mvnw -B -q -DskipTests package)");
        }
        Path work = Files.createTempDirectory("fuzz-ingress");
        List<String> violations = new ArrayList<>();
        long total = 0;
        long accepted = 0;
        long asDeadLetters = 0;
        long maxRss = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        System.out.println("bridge process: " + jar + ", work directory " + work);
        try (FuzzBridge bridge = FuzzBridge.jar(jar, work); IngressFuzz fuzz = IngressFuzz.start(bridge)) {
            for (long round = seed; System.nanoTime() < deadline; round++) {
                long started = System.nanoTime();
                IngressFuzz.Ledger ledger = fuzz.round(requests, round, slow, idle);
                IngressFuzz.Verdict verdict = fuzz.verify(ledger, Duration.ofSeconds(120));
                total += ledger.requests();
                accepted += verdict.accepted();
                asDeadLetters += verdict.accountedAsDeadLetters();
                maxRss = Math.max(maxRss, bridge.residentKib());
                System.out.printf(Locale.ROOT, "round seed %d: %d requests, answers %s, %d answered 200 (%d as records, "
                                + "%d as dead letters), %d violations, %.1f s, bridge RSS %d MiB%n", round, ledger.requests(),
                        ledger.statuses(), verdict.accepted(), verdict.accountedAsRecords(), verdict.accountedAsDeadLetters(),
                        verdict.violations().size(), (System.nanoTime() - started) / 1e9, bridge.residentKib() / 1024);
                final long failingSeed = round;
                verdict.violations().forEach(v -> violations.add("seed " + failingSeed + ": " + v));
                fuzz.forget(ledger);
            }
            violations.addAll(fuzz.finalChecks());
            System.out.printf(Locale.ROOT, "bridge log: %d lines; peak RSS %d MiB%n", bridge.logLines().size(), maxRss / 1024);
        }
        System.out.printf(Locale.ROOT, "%d requests in %d s, %d answered 200 (%d as dead letters), %d violations%n",
                total, seconds, accepted, asDeadLetters, violations.size());
        violations.stream().limit(200).forEach(v -> System.out.println("VIOLATION " + v));
        return violations.isEmpty() ? 0 : 1;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("bad argument '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static int usage(String problem) {
        System.err.println("fuzz: " + problem + "\nusage: fuzz.sh commands [--seconds N] [--seed N] [--records N]"
                + " [--bootstrap host:port] | fuzz.sh ingress [--seconds N] [--seed N] [--requests N] [--slow N]"
                + " [--idle N] [--jar FILE]");
        System.exit(2);
        return 2;
    }
}
