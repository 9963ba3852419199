package io.pbxbridge.faults;

import io.pbxbridge.bridge.command.PartitionOwnership;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.RecordedRequest;
import io.pbxbridge.connector.yeastar.sim.TrunkSpec;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulatorOptions;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Yeastar S-Series simulators (API 1.1.0) on loopback, in the test JVM so a test can read what each PBX was
 * asked: the PBXes the bridge processes log in to and send commands to. PBX ids are picked so that each
 * partition of the commands topic holds the same number of them (the instances of a group then share them).
 */
final class SimulatedPbxes implements AutoCloseable {
    static final String PASSWORD = "fault-test-pw";

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, YeastarSimulator> sims = new LinkedHashMap<>();

    /** {@code perPartition} PBXes on each of {@code partitions} command partitions. */
    static SimulatedPbxes start(int partitions, int perPartition) {
        SimulatedPbxes pbxes = new SimulatedPbxes();
        int[] onPartition = new int[partitions];
        for (int i = 0; pbxes.sims.size() < partitions * perPartition; i++) {
            String id = "pbx-" + i;
            int p = PartitionOwnership.partitionOf(id, partitions);
            if (onPartition[p] < perPartition) {
                onPartition[p]++;
                pbxes.sims.put(id, pbxes.simulator());
            }
        }
        return pbxes;
    }

    private YeastarSimulator simulator() {
        try {
            return YeastarSimulator.start(vertx, YeastarSimulatorOptions.builder()
                            .host("127.0.0.1").port(0).apiVersion(YeastarApiVersion.V1_1_0).username("api").password(PASSWORD)
                            .extensions(6, 1000).trunks(List.of(TrunkSpec.sip("sip-trunk")))
                            .reportRetryInterval(Duration.ofMillis(500)).callStepDelay(Duration.ofMillis(5))
                            .talkTime(Duration.ofMillis(20)).build())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a Yeastar simulator: " + e, e);
        }
    }

    List<String> ids() {
        return List.copyOf(sims.keySet());
    }

    YeastarSimulator sim(String id) {
        return sims.get(id);
    }

    /** The PBX ids whose command partition is {@code partition}. */
    List<String> onPartition(int partition, int partitions) {
        return ids().stream().filter(id -> PartitionOwnership.partitionOf(id, partitions) == partition).toList();
    }

    static String reportSecret(String pbxId) {
        return "fault-report-secret-" + pbxId;
    }

    /** The {@code pbxes:} section of a bridge configuration naming every simulator. */
    String yaml() {
        StringBuilder b = new StringBuilder("pbxes:\n");
        sims.forEach((id, sim) -> b.append("  - id: ").append(id).append('\n')
                .append("    vendor: yeastar-s\n")
                .append("    api_url: \"").append(sim.baseUrl()).append("\"\n")
                .append("    username: api\n")
                .append("    password: \"").append(PASSWORD).append("\"\n")
                .append("    api_version: \"1.1.0\"\n")
                .append("    report_secret: ").append(reportSecret(id)).append('\n')
                .append("    keep_alive: 5m\n")
                .append("    options: {backoff_base: 200ms, backoff_max: 1s}\n"));
        return b.toString();
    }

    /** Outbound calls the PBX was asked to place to {@code number} (one per executed DIAL to it). */
    List<RecordedRequest> dialsTo(String pbxId, String number) {
        return sims.get(pbxId).requestsTo("extension/dial_outbound").stream()
                .filter(r -> number.equals(r.field("outto"))).toList();
    }

    /** The dials to {@code number} the PBX accepted (a refused one, e.g. errno 10008 "extension not idle", placed no call). */
    List<RecordedRequest> callsPlacedTo(String pbxId, String number) {
        return dialsTo(pbxId, number).stream().filter(RecordedRequest::succeeded).toList();
    }

    /** Logins and logouts in the order the PBX saw them. */
    List<String> sessionHistory(String pbxId) {
        List<String> out = new ArrayList<>();
        for (RecordedRequest r : sims.get(pbxId).requests()) {
            if (r.endpoint().equals("login") || r.endpoint().equals("logout")) {
                out.add(r.endpoint());
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the test JVM ends anyway
        }
    }
}
