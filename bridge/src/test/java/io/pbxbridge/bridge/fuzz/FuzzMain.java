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
 * {@code --bootstrap} an embedded broker runs in a temporary directory. Exit 0 when every invariant
 * held, 1 when one broke (each violation printed with the seed that reproduces it), 2 on bad arguments.
 * {@code ingress} is reserved for the report-ingress fuzz.
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
            case "ingress" -> {
                System.err.println("fuzz: 'ingress' is not implemented yet (it comes with the ingress part of issue 10)");
                yield 2;
            }
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
                + " [--bootstrap host:port] | fuzz.sh ingress ...");
        System.exit(2);
        return 2;
    }
}
