package io.pbxbridge.bridge.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.config.ConfigLoader;
import io.pbxbridge.bridge.fleet.FleetConfigWriter;
import io.pbxbridge.bridge.fleet.FleetOptions;
import io.pbxbridge.bridge.fleet.FleetSimulator;
import io.pbxbridge.bridge.fleet.FleetStats;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.TestConsumer;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.spi.sim.FleetMemberStats;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet of a few hundred distinct simulated PBXes (both vendors, from {@code simulate fleet}) against real
 * bridges (scaled down from the 20,000 of the benchmark to fit CI time):
 * <ul>
 *   <li>the configuration the fleet simulator writes loads, and every session comes up;</li>
 *   <li>a reload of the file (+added, −removed, changed) starts, stops and restarts only those PBXes: the
 *       others keep their session objects and log in no more often at their PBX; each change is a
 *       {@code BRIDGE_CONFIG_CHANGED} event; a bad file is refused and the running fleet kept;</li>
 *   <li>a second instance joins and the first stops: the survivor runs every session, no PBX ever locked a
 *       client out or refused a login, and no PBX saw two instances use its sessions at once.</li>
 * </ul>
 */
@WithKafka
class FleetEndToEndTest {
    private static final int YEASTAR = 150;
    private static final int UCM = 60;
    /** Simulated but configured only by the reload. */
    private static final int ADDED = 20;
    private static final int REMOVED = 10;
    private static final int CHANGED = 5;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private static Vertx vertx;
    private static FleetSimulator fleet;

    @BeforeAll
    static void startFleet() {
        vertx = Vertx.vertx();
        fleet = Await.result(FleetSimulator.start(vertx, FleetOptions.quiet(
                new LinkedHashMap<>(Map.of("yeastar-s", YEASTAR, "grandstream-ucm", UCM)))), WAIT);
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            Await.result(fleet.stop());
        }
        Await.result(vertx.close());
    }

    @Test
    void reloadTouchesOnlyChangedPbxesAndHandOverLocksNoPbxOut(KafkaBroker kafka, @TempDir Path dir) throws Exception {
        List<Map<String, Object>> all = fleet.configEntries();
        assertThat(all).hasSize(YEASTAR + UCM);
        assertThat(all.stream().map(e -> e.get("api_url")).distinct()).as("distinct PBX addresses").hasSize(all.size());
        List<Map<String, Object>> initial = all.subList(0, all.size() - ADDED);
        String prefix = kafka.uniquePrefix("fleet");

        // The file the fleet simulator writes is a valid bridge configuration.
        Path written = dir.resolve("written.yaml");
        FleetConfigWriter.write(written, fleet.options(), initial);
        BridgeConfig parsed = ConfigLoader.parse(Files.readString(written), Map.of("KAFKA_BOOTSTRAP",
                kafka.bootstrapServers(), "INGRESS_PORT", "0", "MANAGEMENT_PORT", "0"));
        assertThat(parsed.pbxes()).hasSize(initial.size());

        Path file = dir.resolve("bridge.yaml");
        Files.writeString(file, config("fleet-a", kafka, prefix, initial));
        long startedA = System.nanoTime();
        BridgeApplication a = start(ConfigLoader.load(file));
        BridgeApplication b = null;
        try {
            Set<String> ids = ids(initial);
            waitUntil("every session of A up", () -> allUp(List.of(a), ids));
            a.watchConfig(file, c -> c);

            // ---- reload: +ADDED, −REMOVED, CHANGED changed (report secret); the rest untouched
            List<String> ordered = new ArrayList<>(ids);
            Set<String> removed = new TreeSet<>(ordered.subList(0, REMOVED));
            Set<String> changed = new TreeSet<>(ordered.subList(REMOVED, REMOVED + CHANGED));
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> entry : all) {
                String id = (String) entry.get("id");
                if (removed.contains(id)) {
                    continue;
                }
                Map<String, Object> e = new LinkedHashMap<>(entry);
                if (changed.contains(id)) {
                    e.put("report_secret", entry.get("report_secret") + "-rotated");
                }
                next.add(e);
            }
            Set<String> added = new TreeSet<>(ids(all.subList(all.size() - ADDED, all.size())));
            Set<String> untouched = new TreeSet<>(ids);
            untouched.removeAll(removed);
            untouched.removeAll(changed);
            Map<String, PbxSession> sessionsBefore = new HashMap<>();
            Map<String, Long> loginsBefore = new HashMap<>();
            for (String id : ids) {
                sessionsBefore.put(id, a.sessions().session(id).orElseThrow());
                loginsBefore.put(id, stats(id).logins());
            }

            Files.writeString(file, config("fleet-a", kafka, prefix, next));
            Set<String> nowConfigured = ids(next);
            waitUntil("the reload applied: added up, removed gone, changed restarted", () ->
                    a.fleet().ids().size() == nowConfigured.size()
                            && allUp(List.of(a), nowConfigured)
                            && removed.stream().allMatch(id -> a.sessions().session(id).isEmpty())
                            && changed.stream().allMatch(id -> a.sessions().session(id).orElseThrow()
                            != sessionsBefore.get(id)));
            waitUntil("pbx_sessions counts the sessions running now", () ->
                    sessionsCounted(a.metrics().scrape()) == nowConfigured.size());
            for (String id : untouched) {
                assertThat(a.sessions().session(id).orElseThrow()).as("session of untouched %s", id)
                        .isSameAs(sessionsBefore.get(id));
                assertThat(stats(id).logins()).as("logins at untouched %s", id).isEqualTo(loginsBefore.get(id));
            }
            for (String id : changed) {
                assertThat(stats(id).logins()).as("logins at changed %s", id).isEqualTo(loginsBefore.get(id) + 1);
            }
            waitUntil("removed PBXes logged out", () -> removed.stream().noneMatch(id -> stats(id).loggedIn()));
            Set<String> reported = new HashSet<>();
            Map<String, String> kinds = new HashMap<>();
            new TestConsumer(kafka.bootstrapServers()).readUntil(prefix + "system", WAIT, rs -> {
                for (PbxEvent e : BridgeHarness.decodeAll(rs, PbxEvent.class)) {
                    if (e.getType() == PbxEventType.BRIDGE_CONFIG_CHANGED) {
                        reported.add(e.getHeader().getPbxId());
                        kinds.put(e.getHeader().getPbxId(), e.getAttributes().get("change"));
                    }
                }
                return reported.size() >= ADDED + REMOVED + CHANGED;
            });
            Set<String> affected = new TreeSet<>(added);
            affected.addAll(removed);
            affected.addAll(changed);
            assertThat(new TreeSet<>(reported)).as("one BRIDGE_CONFIG_CHANGED per affected PBX").isEqualTo(affected);
            added.forEach(id -> assertThat(kinds.get(id)).isEqualTo("added"));
            removed.forEach(id -> assertThat(kinds.get(id)).isEqualTo("removed"));
            changed.forEach(id -> assertThat(kinds.get(id)).isEqualTo("changed"));
            assertThat(a.metrics().scrape()).contains("pbx_config_changes_total{change=\"added\"} " + ADDED + ".0")
                    .as("a removed PBX's last meters (its session's stop) keep its vendor")
                    .doesNotContain("vendor=\"unknown\"");

            // ---- a bad file is refused; the running fleet stays
            Map<String, PbxSession> beforeBad = new HashMap<>();
            nowConfigured.forEach(id -> beforeBad.put(id, a.sessions().session(id).orElseThrow()));
            Files.writeString(file, config("fleet-a", kafka, prefix, next).replaceFirst("vendor: \"yeastar-s\"",
                    "vendor: \"no-such-vendor\""));
            waitUntil("the bad file refused", () -> a.metrics().scrape()
                    .contains("pbx_config_reloads_total{outcome=\"refused\"} 1.0"));
            assertThat(a.fleet().ids()).hasSize(nowConfigured.size());
            nowConfigured.forEach(id -> assertThat(a.sessions().session(id).orElseThrow()).isSameAs(beforeBad.get(id)));
            Files.writeString(file, config("fleet-a", kafka, prefix, next));

            // ---- pbx_unowned counts every PBX a member holds, not only the few the status page names per member
            long upFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedA);
            Thread.sleep(Math.max(0, 25_000 - upFor)); // past the 15 s budget and a group refresh
            assertThat(a.metrics().scrape()).contains("pbx_unowned 0.0", "pbx_command_group_members 1.0",
                    "pbx_command_partitions 8.0");

            // ---- hand-over: B joins, then A stops; B runs every session
            Path fileB = dir.resolve("bridge-b.yaml");
            Files.writeString(fileB, config("fleet-b", kafka, prefix, next));
            b = start(ConfigLoader.load(fileB));
            BridgeApplication second = b;
            waitUntil("PBXes shared by A and B, every session up once", () -> {
                Set<String> ownedA = new HashSet<>(a.sessions().owned());
                Set<String> ownedB = new HashSet<>(second.sessions().owned());
                return !ownedA.isEmpty() && !ownedB.isEmpty() && ownedA.stream().noneMatch(ownedB::contains)
                        && ownedA.size() + ownedB.size() == nowConfigured.size()
                        && allUp(List.of(a, second), nowConfigured);
            });
            waitUntil("both instances in the group, as A sees it", () -> a.metrics().scrape()
                    .contains("pbx_command_group_members 2.0"));
            assertThat(a.metrics().scrape()).contains("pbx_unowned 0.0");
            long start = System.nanoTime();
            a.stopAndWait(Duration.ofSeconds(30));
            waitUntil("the survivor runs every session", () -> second.sessions().owned().size() == nowConfigured.size()
                    && allUp(List.of(second), nowConfigured));
            long handOverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            FleetStats totals = Await.result(fleet.stats());
            assertThat(totals.lockOuts()).as("lock-outs at the PBXes").isZero();
            assertThat(totals.refusedLogins()).as("logins refused by the PBXes").isZero();
            assertThat(totals.overlaps()).as("requests on an older instance's session after the newer logged in")
                    .isZero();
            assertThat(handOverMillis).as("hand-over of %s PBXes (ms)", nowConfigured.size()).isLessThan(60_000);
        } finally {
            a.stopAndWait(Duration.ofSeconds(30));
            if (b != null) {
                b.stopAndWait(Duration.ofSeconds(30));
            }
        }
    }

    private static BridgeApplication start(BridgeConfig config) throws Exception {
        BridgeApplication app = new BridgeApplication(config);
        app.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return app;
    }

    /** Every PBX runs a session on exactly one of the instances, and it is up. */
    private static boolean allUp(List<BridgeApplication> apps, Set<String> ids) {
        for (String id : ids) {
            int up = 0;
            for (BridgeApplication app : apps) {
                if (app.sessions().session(id).map(s -> s.state() == SessionState.UP).orElse(false)) {
                    up++;
                }
            }
            if (up != 1) {
                return false;
            }
        }
        return true;
    }

    /** The sum of {@code pbx_sessions} over vendors and states. */
    private static long sessionsCounted(String scrape) {
        return Math.round(scrape.lines().filter(l -> l.startsWith("pbx_sessions{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
    }

    private static FleetMemberStats stats(String id) {
        return Await.result(fleet.stats(id));
    }

    private static Set<String> ids(List<Map<String, Object>> entries) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        entries.forEach(e -> ids.add((String) e.get("id")));
        return ids;
    }

    private static String config(String instance, KafkaBroker kafka, String prefix, List<Map<String, Object>> pbxes)
            throws Exception {
        return """
                instance_id: %s
                config_watch_interval: 200ms
                kafka:
                  bootstrap_servers: "%s"
                  topic_prefix: "%s"
                  partitions: 8
                ingress: {host: 127.0.0.1, port: 0, public_base_url: "http://127.0.0.1:0"}
                management: {host: 127.0.0.1, port: 0}
                sessions: {max_concurrent_logins: 16}
                """.formatted(instance, kafka.bootstrapServers(), prefix) + YAML.writeValueAsString(Map.of("pbxes", pbxes));
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
