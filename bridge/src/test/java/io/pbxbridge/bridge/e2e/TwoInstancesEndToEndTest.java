package io.pbxbridge.bridge.e2e;

import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.QueryAction;
import io.pbxbridge.schema.QuerySubject;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two bridge instances on one broker share four simulated PBXes: each PBX is logged in exactly once;
 * when one instance stops, the other logs its PBXes in and executes their commands.
 */
@WithKafka
class TwoInstancesEndToEndTest {
    private static Vertx vertx;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        Await.result(vertx.close());
    }

    private static boolean up(BridgeHarness bridge, String pbxId) {
        return bridge.app.sessions().session(pbxId).map(s -> s.state() == SessionState.UP).orElse(false);
    }

    /** Logins and logouts of one PBX alternate and end logged in: never two sessions at once. */
    private static void assertOneSessionAtATime(String pbxId, YeastarSimulator sim) {
        List<String> sequence = sim.requests().stream().map(r -> r.endpoint())
                .filter(e -> e.equals("login") || e.equals("logout")).toList();
        assertThat(sequence).as("session history of %s", pbxId).isNotEmpty();
        for (int i = 0; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).as("session history of %s: %s", pbxId, sequence)
                    .isEqualTo(i % 2 == 0 ? "login" : "logout");
        }
        assertThat(sequence.size() % 2).as("%s ends logged in: %s", pbxId, sequence).isEqualTo(1);
    }

    @Test
    void onePbxOneSessionAndTakeOverWhenAnInstanceStops(KafkaBroker kafka) throws Exception {
        Map<String, YeastarSimulator> sims = new LinkedHashMap<>();
        List<BridgeHarness.Pbx> pbxes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            YeastarSimulator sim = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V1_1_0);
            sims.put("pbx-" + i, sim);
            pbxes.add(YeastarEndToEndTest.pbx("pbx-" + i, sim, YeastarEndToEndTest.PASSWORD, "5m"));
        }
        String prefix = kafka.uniquePrefix("pair");
        // Every PBX pushes to A's ingress, whoever owns it (a load balancer may do exactly that).
        int ingressA;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            ingressA = s.getLocalPort();
        }
        String sharedIngress = "http://127.0.0.1:" + ingressA;
        BridgeHarness a = BridgeHarness.start("bridge-a", kafka.bootstrapServers(), prefix, pbxes, "", false,
                ingressA, sharedIngress);
        BridgeHarness b = null;
        try {
            b = BridgeHarness.start("bridge-b", kafka.bootstrapServers(), prefix, pbxes, "", false, 0, sharedIngress);
            BridgeHarness second = b;
            Await.until("every PBX owned by exactly one instance, sessions up", () -> {
                Set<String> ownedA = new HashSet<>(a.app.sessions().owned());
                Set<String> ownedB = new HashSet<>(second.app.sessions().owned());
                Set<String> union = new HashSet<>(ownedA);
                union.addAll(ownedB);
                // B owning nothing yet is A's state before B's rebalance, not the split awaited here
                return union.equals(sims.keySet()) && !ownedB.isEmpty() && ownedA.stream().noneMatch(ownedB::contains)
                        && ownedA.stream().allMatch(id -> up(a, id)) && ownedB.stream().allMatch(id -> up(second, id));
            });
            // B joining moved some PBXes from A: each was logged out by A before B logged it in.
            sims.forEach(TwoInstancesEndToEndTest::assertOneSessionAtATime);
            List<String> ownedByA = List.copyOf(a.app.sessions().owned());

            // A PBX owned by B reboots; its BootUp report reaches A's ingress, yet B logs in again.
            String ofB = List.copyOf(second.app.sessions().owned()).get(0);
            int loginsOfB = sims.get(ofB).requestsTo("login").size();
            sims.get(ofB).faults().reboot();
            Await.until(ofB + " logged in again by its owner after a BootUp that reached the other instance",
                    () -> sims.get(ofB).requestsTo("login").size() == loginsOfB + 1 && up(second, ofB));
            Map<String, Integer> loginsBefore = new HashMap<>();
            sims.forEach((id, sim) -> loginsBefore.put(id, sim.requestsTo("login").size()));

            a.close();
            Await.until("the survivor owns every PBX with its session up", () -> second.app.sessions().owned().size() == 4
                    && sims.keySet().stream().allMatch(id -> second.app.sessions().session(id)
                    .map(s -> s.state() == SessionState.UP).orElse(false)));
            assertThat(ownedByA).as("A owned some PBXes before it stopped").isNotEmpty();
            for (String id : ownedByA) {
                assertThat(sims.get(id).requestsTo("login")).as("%s logged in again by the survivor", id)
                        .hasSize(loginsBefore.get(id) + 1);
            }
            // (The rebooted PBX dropped its session itself, so its history shows login after login.)
            sims.forEach((id, sim) -> {
                if (!id.equals(ofB)) {
                    assertOneSessionAtATime(id, sim);
                }
            });

            String target = sims.keySet().iterator().next();
            String commandId = "after-takeover-" + System.nanoTime();
            Command query = Command.newBuilder().setCommandId(commandId).setPbxId(target).setIssuedAt(Instant.now())
                    .setExpiresAt(Instant.now().plusSeconds(30)).setAction(CommandAction.QUERY)
                    .setQuery(QueryAction.newBuilder().setSubject(QuerySubject.SYSTEM_INFO).build()).build();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(new HashMap<>(kafka.clientConfig()),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(prefix + "commands", target,
                        BridgeHarness.CODEC.encode(prefix + "commands", query))).get();
            }
            CommandResult result = second.readUntil("command-results", CommandResult.class, Duration.ofSeconds(20),
                    rs -> rs.stream().anyMatch(r -> r.getCommandId().equals(commandId))).stream()
                    .filter(r -> r.getCommandId().equals(commandId)).findFirst().orElseThrow();
            assertThat(result.getStatus()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(result.getExecutedBy()).isEqualTo("bridge-b");
            assertThat(result.getResponseJson()).contains("deviceinfo");
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
            for (YeastarSimulator sim : sims.values()) {
                Await.result(sim.stop());
            }
        }
    }
}
