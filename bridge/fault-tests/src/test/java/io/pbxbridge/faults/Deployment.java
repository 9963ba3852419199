package io.pbxbridge.faults;

import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.DialAction;
import io.pbxbridge.schema.Endpoint;
import io.pbxbridge.schema.EndpointKind;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * One deployment under test: bridge instances sharing a command group, topics under their own prefix, and the
 * simulated PBXes they serve. Closing it kills whatever still runs.
 */
final class Deployment implements AutoCloseable {
    private static final AtomicInteger RUNS = new AtomicInteger();

    final FaultKafka kafka;
    final SimulatedPbxes pbxes;
    final String prefix;
    final String group;
    final int partitions;
    final Path work;
    private final String extraYaml;
    private final List<BridgeProcess> bridges = new ArrayList<>();

    /**
     * @param extraYaml further top-level configuration (e.g. a {@code commands:} section), may be empty
     */
    Deployment(FaultKafka kafka, String name, int partitions, int pbxesPerPartition, String extraYaml) {
        this.kafka = kafka;
        int run = RUNS.incrementAndGet();
        this.prefix = "f" + run + "." + name + ".";
        this.group = "faults-" + run + "-" + name;
        this.partitions = partitions;
        this.work = Faults.workDir(name);
        this.extraYaml = extraYaml;
        this.pbxes = SimulatedPbxes.start(partitions, pbxesPerPartition);
    }

    /**
     * Launches an instance (not waiting for it): its configuration names every PBX, with per-PBX series (the tests
     * read each PBX's {@code pbx_session_state}).
     */
    BridgeProcess launch(String instanceId) {
        String yaml = """
                instance_id: %s
                kafka:
                  bootstrap_servers: "%s"
                  topic_prefix: "%s"
                  partitions: %d
                ingress: {host: 127.0.0.1, port: 0, public_base_url: "http://127.0.0.1:0"}
                management: {host: 127.0.0.1, port: 0, per_pbx_metrics: true}
                %s
                """.formatted(instanceId, kafka.bootstrap(), prefix, partitions, extraYaml.strip())
                + withGroup() + pbxes.yaml();
        BridgeProcess bridge = BridgeProcess.launch(instanceId, yaml, work);
        bridges.add(bridge);
        return bridge;
    }

    /** {@code commands.group_id} unless the extra configuration has a {@code commands:} section (which must name it). */
    private String withGroup() {
        return extraYaml.contains("commands:") ? "" : "commands: {group_id: " + group + "}\n";
    }

    /** Every PBX has its session up on exactly one of {@code bridges}. */
    boolean eachPbxUpOnExactlyOne(List<BridgeProcess> bridges) {
        Map<BridgeProcess, Set<String>> up = bridges.stream().collect(Collectors.toMap(b -> b, BridgeProcess::upPbxes));
        Set<String> all = new HashSet<>();
        int total = 0;
        for (Set<String> s : up.values()) {
            all.addAll(s);
            total += s.size();
        }
        return all.equals(Set.copyOf(pbxes.ids())) && total == all.size();
    }

    /** A DIAL from extension 1000 to {@code number}: every execution is one {@code extension/dial_outbound} at the PBX. */
    Command dial(String commandId, String pbxId, String number, Instant issuedAt, Instant expiresAt) {
        return dial(commandId, pbxId, "1000", number, issuedAt, expiresAt);
    }

    /** A DIAL from {@code extension} (1000–1005 exist) to {@code number}. */
    Command dial(String commandId, String pbxId, String extension, String number, Instant issuedAt, Instant expiresAt) {
        return Command.newBuilder().setCommandId(commandId).setPbxId(pbxId).setIssuedAt(issuedAt).setExpiresAt(expiresAt)
                .setAction(CommandAction.DIAL)
                .setDial(DialAction.newBuilder()
                        .setFrom(Endpoint.newBuilder().setKind(EndpointKind.EXTENSION).setNumber(extension).build())
                        .setTo(Endpoint.newBuilder().setKind(EndpointKind.EXTERNAL).setNumber(number).build()).build())
                .build();
    }

    void send(Command command) {
        kafka.send(prefix + "commands", command.getPbxId(), command.getCommandId(), command);
    }

    /** Waits until the results topic holds a result for every id; returns them by command id (the last one each). */
    Map<String, CommandResult> awaitResults(Set<String> commandIds, Duration timeout) {
        Map<String, CommandResult> found = new java.util.HashMap<>();
        Faults.until("results of " + commandIds, timeout, Duration.ofMillis(500), () -> {
            found.clear();
            results().forEach(r -> {
                if (commandIds.contains(r.getCommandId())) {
                    found.put(r.getCommandId(), r);
                }
            });
            return found.keySet().containsAll(commandIds);
        });
        return found;
    }

    List<CommandResult> results() {
        return kafka.readAll(prefix + "command-results", CommandResult.class);
    }

    @Override
    public void close() {
        bridges.forEach(BridgeProcess::close);
        pbxes.close();
    }
}
