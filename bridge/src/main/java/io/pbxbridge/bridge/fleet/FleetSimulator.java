package io.pbxbridge.bridge.fleet;

import io.pbxbridge.connector.spi.sim.FleetMemberSpec;
import io.pbxbridge.connector.spi.sim.FleetMemberStats;
import io.pbxbridge.connector.spi.sim.PbxSimulator;
import io.pbxbridge.connector.spi.sim.Simulators;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Many simulated PBXes in one process ({@code simulate fleet}): each a distinct PBX with its own address,
 * credentials, serial number, extensions and report secret, made by its vendor's simulator
 * ({@link PbxSimulator#fleetMember}). Cheap per PBX: one Vert.x, one HTTP server per shard (event loop) shared
 * by the shard's PBXes, one client for every PBX's report pushes, no timer while a PBX is idle. Calls arrive
 * at a fleet-wide rate; a share of the PBXes has a fault ({@link FleetFault}).
 *
 * <p>A PBX is reached like a real device: {@code http://<its address>:<its shard's port>}, no path prefix (the
 * Yeastar connector ignores a path in {@code api_url}). Addresses are distinct loopback addresses
 * (127.20.0.1 …), all local on Linux; the shard servers bind {@link FleetOptions#host()} (0.0.0.0 by default).
 */
public final class FleetSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);
    /** PBXes created per task on a shard's event loop: short tasks keep the loop answering while a fleet starts. */
    private static final int CREATE_BATCH = 250;

    private final FleetOptions options;
    private final FleetRequestLog requestLog;
    private final List<FleetShard> shards = new ArrayList<>();
    private final Map<String, Map<String, Object>> entries = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, FleetFault> faults = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Integer> shardOf = Collections.synchronizedMap(new LinkedHashMap<>());
    private final FleetPushes pushes = new FleetPushes();
    private HttpClient pushClient;

    private FleetSimulator(FleetOptions options, FleetRequestLog requestLog) {
        this.options = options;
        this.requestLog = requestLog;
    }

    /** Starts the shard servers, then creates every PBX; completes when all answer. */
    public static Future<FleetSimulator> start(Vertx vertx, FleetOptions options) {
        return start(vertx, options, FleetRequestLog.NONE);
    }

    /** As {@link #start(Vertx, FleetOptions)}, the PBXes noting in {@code requestLog} when they received what. */
    public static Future<FleetSimulator> start(Vertx vertx, FleetOptions options, FleetRequestLog requestLog) {
        FleetSimulator fleet = new FleetSimulator(options, requestLog);
        return fleet.doStart(vertx).map(fleet).recover(e -> fleet.stop().compose(v -> Future.failedFuture(e)));
    }

    private Future<Void> doStart(Vertx vertx) {
        Map<String, PbxSimulator> simulators = new LinkedHashMap<>();
        for (String vendor : options.pbxes().keySet()) {
            PbxSimulator sim = Simulators.all().stream().filter(s -> s.vendorId().equals(vendor)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no simulator for vendor '" + vendor + "' (known: "
                            + String.join(", ", Simulators.all().stream().map(PbxSimulator::vendorId).toList()) + ")"));
            simulators.put(vendor, sim);
        }
        // One pool for every PBX's pushes to the bridge: a few dozen connections instead of one client per PBX.
        pushClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(30)
                .setConnectTimeout(5_000).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(64));
        for (int k = 0; k < options.shards(); k++) {
            // A context created outside Vert.x takes the next event loop: one loop per shard.
            shards.add(new FleetShard(vertx, ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext(), k,
                    options.seed(), requestLog));
        }
        Future<Void> listening = Future.succeededFuture();
        for (int k = 0; k < shards.size(); k++) {
            FleetShard shard = shards.get(k);
            int port = options.basePort() == 0 ? 0 : options.basePort() + k;
            listening = listening.compose(v -> shard.listen(options.host(), port).mapEmpty());
        }
        List<Planned> plan = plan();
        return listening.compose(v -> create(vertx, simulators, plan)).onSuccess(v -> {
            for (FleetShard shard : shards) {
                shard.startTraffic(options.callsPerSecond() / shards.size());
                shard.startReboots(options.rebootEvery(), options.rebootDowntime());
            }
            LOG.info("Fleet of {} PBXes up on {} shard(s), ports {}", plan.size(), shards.size(), ports());
        });
    }

    /** One PBX to create: its number, vendor, fault and the shard that serves it. */
    private record Planned(int n, String vendor, FleetFault fault, int shard, long seed) {
    }

    /** Vendors interleaved in proportion, faults on a seeded random share, shards round-robin. */
    private List<Planned> plan() {
        int total = options.size();
        Random random = new Random(options.seed());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        FleetFault[] fault = new FleetFault[total];
        java.util.Arrays.fill(fault, FleetFault.NONE);
        int at = 0;
        at = assign(fault, order, at, share(options.wrongCredentials(), total), FleetFault.WRONG_CREDENTIALS);
        at = assign(fault, order, at, share(options.unreachable(), total), FleetFault.UNREACHABLE);
        assign(fault, order, at, share(options.rebooting(), total), FleetFault.REBOOTING);
        List<String> vendors = new ArrayList<>(options.pbxes().keySet());
        int[] placed = new int[vendors.size()];
        List<Planned> plan = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            // The vendor furthest behind its share gets this number.
            int pick = -1;
            double worst = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < vendors.size(); v++) {
                int want = options.pbxes().get(vendors.get(v));
                if (placed[v] >= want) {
                    continue;
                }
                double behind = (double) want * (i + 1) / total - placed[v];
                if (behind > worst) {
                    worst = behind;
                    pick = v;
                }
            }
            placed[pick]++;
            plan.add(new Planned(options.firstIndex() + i, vendors.get(pick), fault[i], i % shards.size(),
                    random.nextLong()));
        }
        return plan;
    }

    private static int share(double share, int total) {
        return (int) Math.round(share * total);
    }

    private static int assign(FleetFault[] fault, List<Integer> order, int from, int count, FleetFault what) {
        for (int i = from; i < from + count && i < order.size(); i++) {
            fault[order.get(i)] = what;
        }
        return Math.min(order.size(), from + count);
    }

    private Future<Void> create(Vertx vertx, Map<String, PbxSimulator> simulators, List<Planned> plan) {
        List<Future<?>> all = new ArrayList<>();
        for (int k = 0; k < shards.size(); k++) {
            FleetShard shard = shards.get(k);
            List<Planned> mine = plan.stream().filter(p -> p.shard() == shard.number()).toList();
            Future<Void> chain = Future.succeededFuture();
            for (int from = 0; from < mine.size(); from += CREATE_BATCH) {
                List<Planned> batch = mine.subList(from, Math.min(mine.size(), from + CREATE_BATCH));
                chain = chain.compose(v -> shard.add(() -> batch.stream()
                        .map(p -> slot(vertx, simulators.get(p.vendor()), p, shard.port())).toList()).mapEmpty());
            }
            all.add(chain);
        }
        return Future.all(all).mapEmpty();
    }

    private FleetShard.Slot slot(Vertx vertx, PbxSimulator simulator, Planned p, int port) {
        Random random = new Random(p.seed());
        String id = simulator.vendorId().split("-")[0] + "-" + String.format("%06d", p.n());
        String password = hex(random, 8);
        String configured = p.fault() == FleetFault.WRONG_CREDENTIALS ? password + "-wrong" : password;
        List<String> versions = options.apiVersions().getOrDefault(simulator.vendorId(), List.of());
        String version = versions.isEmpty() ? null : versions.get(p.n() % versions.size());
        FleetMemberSpec spec = new FleetMemberSpec(id, FleetOptions.address(p.n()), port, "api" + p.n(), password,
                configured, hex(random, 16), String.format("FLT%09d", p.n()), 1000, 5 + random.nextInt(46), version,
                p.seed(), pushClient, pushes);
        FleetShard.Slot slot = new FleetShard.Slot(id, simulator.vendorId(), spec.host(), p.fault(),
                simulator.fleetMember(vertx, spec));
        entries.put(id, slot.member.configEntry());
        faults.put(id, p.fault());
        shardOf.put(id, p.shard());
        return slot;
    }

    private static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Every PBX's entry for the bridge's configuration, in PBX number order. */
    public List<Map<String, Object>> configEntries() {
        synchronized (entries) {
            return entries.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator
                    .comparing((String id) -> id.substring(id.lastIndexOf('-') + 1)))).map(Map.Entry::getValue).toList();
        }
    }

    /** The PBX ids, each with its fault. */
    public Map<String, FleetFault> faults() {
        synchronized (faults) {
            return Map.copyOf(faults);
        }
    }

    /** The bound port of each shard. */
    public List<Integer> ports() {
        return shards.stream().map(FleetShard::port).toList();
    }

    public FleetOptions options() {
        return options;
    }

    /** The requests the PBXes noted (nothing unless started with a log). */
    public FleetRequestLog requestLog() {
        return requestLog;
    }

    /** The fleet's totals now. */
    public Future<FleetStats> stats() {
        List<Future<FleetStats>> each = shards.stream().map(FleetShard::stats).toList();
        return Future.all(each).map(all -> pushes.addTo(each.stream().map(Future::result)
                .reduce(FleetStats.EMPTY, FleetStats::plus)));
    }

    /** Calls at {@code perSecond} over the whole fleet from now on, instead of the rate it started with (0: none). */
    public void callRate(double perSecond) {
        if (!(perSecond >= 0)) {
            throw new IllegalArgumentException("calls per second must not be negative");
        }
        shards.forEach(shard -> shard.startTraffic(perSecond / shards.size()));
    }

    /** One PBX's statistics (null for an unknown id). */
    public Future<FleetMemberStats> stats(String pbxId) {
        Integer k = shardOf.get(pbxId);
        return k == null ? Future.succeededFuture() : shards.get(k).stats(pbxId);
    }

    public Future<Void> stop() {
        List<Future<Void>> stops = shards.stream().map(s -> s.stop().recover(e -> Future.succeededFuture())).toList();
        return Future.join(stops).<Void>mapEmpty().eventually(() -> pushClient == null
                ? Future.succeededFuture() : pushClient.close());
    }

    /** The shards' contexts (tests wait on them). */
    List<Context> contexts() {
        return shards.stream().map(FleetShard::context).toList();
    }
}
