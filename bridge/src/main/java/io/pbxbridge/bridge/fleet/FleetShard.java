package io.pbxbridge.bridge.fleet;

import io.pbxbridge.connector.spi.sim.FleetMember;
import io.pbxbridge.connector.spi.sim.FleetMemberStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One event loop's share of a fleet: one HTTP server (one port) answering for many PBXes, each at its own
 * address. A request goes to the PBX it was sent to (the connection's local address), as it would reach a
 * device of its own; an unknown, unreachable or restarting PBX's connection is closed without an answer.
 * Its PBXes' calls and restarts run here too. Everything is confined to the shard's context.
 */
final class FleetShard {
    private static final Logger LOG = LoggerFactory.getLogger(FleetShard.class);

    /** One PBX of the shard. */
    static final class Slot {
        final String id;
        final String vendor;
        final String address;
        final FleetFault fault;
        final FleetMember member;
        boolean down;
        long timer = -1;

        Slot(String id, String vendor, String address, FleetFault fault, FleetMember member) {
            this.id = id;
            this.vendor = vendor;
            this.address = address;
            this.fault = fault;
            this.member = member;
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final int number;
    private final Random random;
    private final FleetRequestLog requestLog;
    private final Map<String, Slot> byAddress = new HashMap<>();
    private final List<Slot> slots = new ArrayList<>();
    private HttpServer server;
    private long trafficTimer = -1;
    private long nextCallAt;
    private long callsPlaced;
    private long reboots;
    private boolean stopped;

    FleetShard(Vertx vertx, Context context, int number, long seed, FleetRequestLog requestLog) {
        this.vertx = vertx;
        this.context = context;
        this.number = number;
        this.random = new Random(seed * 31 + number);
        this.requestLog = requestLog;
    }

    int number() {
        return number;
    }

    Context context() {
        return context;
    }

    /**
     * Listens on {@code host:port} (0: any free port); completes with the bound port. No idle timeout, like the
     * standalone simulators: it would also close a UCM's event WebSocket, which a real UCM keeps open while idle.
     */
    Future<Integer> listen(String host, int port) {
        return on(() -> vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .requestHandler(this::handle)
                .exceptionHandler(e -> LOG.debug("fleet shard {}: connection error: {}", number, e.toString()))
                .listen(port, host)
                .map(s -> {
                    server = s;
                    return s.actualPort();
                })).compose(f -> f);
    }

    int port() {
        return server.actualPort();
    }

    /** Creates PBXes on this shard's context ({@code create} runs there). */
    Future<List<Slot>> add(Supplier<List<Slot>> create) {
        return on(() -> {
            List<Slot> made = create.get();
            for (Slot s : made) {
                byAddress.put(s.address, s);
                slots.add(s);
            }
            return made;
        });
    }

    private void handle(HttpServerRequest request) {
        SocketAddress local = request.localAddress();
        Slot slot = local == null ? null : byAddress.get(local.hostAddress());
        if (slot == null || slot.down || slot.fault == FleetFault.UNREACHABLE) {
            request.connection().close();
            return;
        }
        if (requestLog.logs(request.path())) {
            long receivedAtMicros = FleetRequestLog.nowMicros(); // only when logged: a clock read per request otherwise
            // The member asks for the same body future (one per request) while the request is still being read.
            String path = request.path();
            request.body().onSuccess(b -> requestLog.add(slot.id, receivedAtMicros, path, b.toString()));
        }
        slot.member.handle(request);
    }

    /**
     * Calls at {@code perSecond} (Poisson arrivals) placed on random PBXes that have a client logged in, from now
     * on (a rate set earlier is replaced; 0 stops the calls).
     */
    void startTraffic(double perSecond) {
        context.runOnContext(v -> {
            if (trafficTimer >= 0) {
                vertx.cancelTimer(trafficTimer);
                trafficTimer = -1;
            }
            if (perSecond > 0 && !slots.isEmpty() && !stopped) {
                nextCall(perSecond);
            }
        });
    }

    private void nextCall(double perSecond) {
        nextCallAt = System.nanoTime() + gap(perSecond);
        scheduleCall(perSecond);
    }

    /**
     * Arrivals keep their own clock: a timer that fires late (a busy event loop) places every call that fell due
     * meanwhile, so the rate holds on a loaded machine (at most a second's worth at once).
     */
    private void scheduleCall(double perSecond) {
        long delayMs = Math.max(1, (nextCallAt - System.nanoTime()) / 1_000_000);
        trafficTimer = vertx.setTimer(delayMs, id -> {
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            int due = 0;
            while (nextCallAt <= now && due < Math.max(1, perSecond)) {
                placeOneCall();
                nextCallAt += gap(perSecond);
                due++;
            }
            if (nextCallAt <= now) {
                nextCallAt = now + gap(perSecond); // more than a second behind: the backlog is dropped
            }
            scheduleCall(perSecond);
        });
    }

    private long gap(double perSecond) {
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) / perSecond * 1e9));
    }

    private void placeOneCall() {
        // A few tries: most PBXes are logged in; one that is not (restarting, refused) places no call.
        for (int attempt = 0; attempt < 4; attempt++) {
            Slot s = slots.get(random.nextInt(slots.size()));
            if (!s.down && s.fault != FleetFault.UNREACHABLE && s.member.placeCall()) {
                callsPlaced++;
                return;
            }
        }
    }

    /** Restarts every {@link FleetFault#REBOOTING} PBX now and then: down for {@code downtime}, then its sessions are gone. */
    void startReboots(Duration every, Duration downtime) {
        context.runOnContext(v -> {
            for (Slot s : slots) {
                if (s.fault == FleetFault.REBOOTING) {
                    scheduleReboot(s, every, downtime);
                }
            }
        });
    }

    private void scheduleReboot(Slot s, Duration every, Duration downtime) {
        long in = Math.max(1, (long) (every.toMillis() * (0.5 + random.nextDouble())));
        s.timer = vertx.setTimer(in, id -> {
            if (stopped) {
                return;
            }
            s.down = true;
            reboots++;
            s.timer = vertx.setTimer(Math.max(1, downtime.toMillis()), up -> {
                if (stopped) {
                    return;
                }
                s.member.reboot();
                s.down = false;
                scheduleReboot(s, every, downtime);
            });
        });
    }

    Future<FleetStats> stats() {
        return on(() -> {
            int loggedIn = 0;
            long logins = 0;
            long refused = 0;
            long lockOuts = 0;
            long overlaps = 0;
            long maxOverlap = 0;
            for (Slot s : slots) {
                FleetMemberStats m = s.member.stats();
                loggedIn += m.loggedIn() ? 1 : 0;
                logins += m.logins();
                refused += m.refusedLogins();
                lockOuts += m.lockOuts();
                overlaps += Math.max(0, m.overlaps());
                maxOverlap = Math.max(maxOverlap, m.maxOverlapMillis());
            }
            return new FleetStats(slots.size(), loggedIn, logins, refused, lockOuts, overlaps, maxOverlap,
                    callsPlaced, reboots, FleetStats.Pushes.NONE);
        });
    }

    /** The statistics of one PBX of this shard, or null. */
    Future<FleetMemberStats> stats(String id) {
        return on(() -> slots.stream().filter(s -> s.id.equals(id)).findFirst().map(s -> s.member.stats()).orElse(null));
    }

    Future<Void> stop() {
        return on(() -> {
            stopped = true;
            if (trafficTimer >= 0) {
                vertx.cancelTimer(trafficTimer);
            }
            slots.forEach(s -> vertx.cancelTimer(s.timer));
            List<Future<Void>> stops = new ArrayList<>();
            for (Slot s : slots) {
                stops.add(s.member.stop().recover(e -> Future.succeededFuture()));
            }
            return Future.join(stops).<Void>mapEmpty()
                    .compose(v -> server == null ? Future.<Void>succeededFuture() : server.close());
        }).compose(f -> f);
    }

    private <T> Future<T> on(Supplier<T> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(work.get());
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }
}
