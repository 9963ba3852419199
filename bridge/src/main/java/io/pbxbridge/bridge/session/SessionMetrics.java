package io.pbxbridge.bridge.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pbxbridge.bridge.management.ReportCounters;
import io.pbxbridge.connector.spi.SessionListener;
import io.pbxbridge.connector.spi.SessionState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Session meters, for the sessions this instance runs only — a PBX's session counts from when it is created here
 * (its command partition came to this instance, {@link #register}) until it stopped ({@link #unregister}), so no
 * instance exports a state for a PBX another instance owns. Fleet level: {@code pbx_sessions{vendor,state}}
 * counts the sessions running here in each state, {@code pbx_session_transitions_total} counts entries into each
 * state (re-logins show as transitions to UP) and {@code pbx_session_keepalive_lateness_seconds} times how late
 * keep-alives go out. With {@code management.per_pbx_metrics} also {@code pbx_session_state{pbx,state}} (1 for
 * the current state, 0 otherwise) and {@code pbx_session_buffered_events{pbx}}, while the session runs here.
 *
 * <p>Also keeps, per running session, its state, since when and why (the status page and readiness): memory
 * for the sessions that run here only.
 */
public final class SessionMetrics implements SessionListener {
    /** States a running session is counted in; STOPPED ends the count. */
    private static final List<SessionState> COUNTED = List.of(SessionState.STARTING, SessionState.UP,
            SessionState.DOWN, SessionState.AUTH_FAILED, SessionState.LOCKED_OUT);

    private final MeterRegistry registry;
    private final boolean perPbx;
    private final Function<String, String> vendorOf;
    private final Map<String, StateSince> current = new ConcurrentHashMap<>();
    private final Map<String, EnumMap<SessionState, AtomicInteger>> counts = new ConcurrentHashMap<>();
    /** The counts each running session is counted in (its vendor's when it was created). */
    private final Map<String, EnumMap<SessionState, AtomicInteger>> countedIn = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> perPbxGauges = new ConcurrentHashMap<>();
    private final Timer keepAliveLateness;
    private final ReportCounters reports;
    private final Collection<String> vendors;
    private volatile SessionSupervisor supervisor;
    private static final long BUFFERED_MAX_AGE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    private Map<String, Integer> bufferedSums;
    private long bufferedSumsAt;

    /** A session's current state, since when, and the reason given on entering it (never a secret). */
    public record StateSince(SessionState state, Instant since, String reason) {
    }

    /**
     * @param vendors  the vendor ids of the PBXes this instance may run, one fleet-level series set each
     * @param vendorOf a PBX id's vendor id (the running configuration)
     * @param perPbx   also the per-PBX series of each session running here
     */
    public SessionMetrics(MeterRegistry registry, Collection<String> vendors, Function<String, String> vendorOf,
                          boolean perPbx) {
        this.registry = registry;
        this.perPbx = perPbx;
        this.vendorOf = vendorOf;
        this.vendors = List.copyOf(vendors);
        for (String vendor : vendors) {
            EnumMap<SessionState, AtomicInteger> byState = counts(vendor);
            for (SessionState s : COUNTED) {
                Gauge.builder("pbx_sessions", byState.get(s), AtomicInteger::get).tag("vendor", vendor)
                        .tag("state", tag(s)).description("Sessions this instance runs, by vendor and state")
                        .register(registry);
            }
        }
        this.keepAliveLateness = Timer.builder("pbx_session_keepalive_lateness")
                .description("How late a keep-alive (heartbeat or refreshing login) went out after it was due")
                .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofMinutes(5))
                .register(registry);
        this.reports = new ReportCounters(registry);
    }

    /** Only fleet-level series; every PBX's vendor unknown (tests). */
    public SessionMetrics(MeterRegistry registry) {
        this(registry, List.of(), id -> null, false);
    }

    /**
     * {@code pbx_sessions_buffered_events{vendor}} (and with {@code per_pbx_metrics}
     * {@code pbx_session_buffered_events{pbx}}): events the running sessions hold for Kafka, read through the
     * supervisor, as sessions come and go with ownership.
     */
    public void bufferedEvents(SessionSupervisor sessions) {
        this.supervisor = sessions;
        for (String vendor : vendors) {
            Gauge.builder("pbx_sessions_buffered_events", () -> buffered(vendor)).tag("vendor", vendor)
                    .description("Events the sessions of a vendor hold that Kafka has not acknowledged yet")
                    .register(registry);
        }
    }

    private int buffered(String vendor) {
        return bufferedByVendor().getOrDefault(vendor, 0);
    }

    /**
     * Events held per vendor, summed over the running sessions in one pass and kept for a second: each vendor's
     * gauge asks at every scrape, and a fleet has thousands of sessions (most hold nothing: only those that do
     * have their vendor looked up).
     */
    private synchronized Map<String, Integer> bufferedByVendor() {
        long now = System.nanoTime();
        if (bufferedSums != null && now - bufferedSumsAt < BUFFERED_MAX_AGE_NANOS) {
            return bufferedSums;
        }
        Map<String, Integer> sums = new java.util.HashMap<>();
        SessionSupervisor sessions = supervisor;
        if (sessions != null) {
            for (String id : sessions.owned()) {
                int held = sessions.session(id).map(io.pbxbridge.connector.spi.PbxSession::bufferedEvents).orElse(0);
                if (held > 0) {
                    String vendor = vendorOf.apply(id);
                    sums.merge(vendor == null ? "unknown" : vendor, held, Integer::sum);
                }
            }
        }
        bufferedSums = sums;
        bufferedSumsAt = now;
        return sums;
    }

    /**
     * A session for the PBX is created here: counted as {@code starting} under the PBX's vendor (until it
     * stops), with its per-PBX series when configured.
     */
    public void register(String pbxId) {
        current.compute(pbxId, (id, old) -> {
            uncount(id, old);
            String vendor = vendorOf.apply(id);
            EnumMap<SessionState, AtomicInteger> byState = counts(vendor == null ? "unknown" : vendor);
            countedIn.put(id, byState);
            byState.get(SessionState.STARTING).incrementAndGet();
            return new StateSince(SessionState.STARTING, Instant.now(), null);
        });
        if (perPbx) {
            perPbxGauges.computeIfAbsent(pbxId, this::perPbxGauges);
        }
    }

    /** The PBX's session stopped here (the PBX moved to another instance or left, or this one stops): it goes. */
    public void unregister(String pbxId) {
        current.computeIfPresent(pbxId, (id, old) -> {
            uncount(id, old);
            return null;
        });
        List<Meter> gauges = perPbxGauges.remove(pbxId);
        if (gauges != null) {
            gauges.forEach(registry::remove);
        }
    }

    private List<Meter> perPbxGauges(String id) {
        List<Meter> gauges = new ArrayList<>();
        for (SessionState s : SessionState.values()) {
            gauges.add(Gauge.builder("pbx_session_state", current,
                            m -> Optional.ofNullable(m.get(id)).map(StateSince::state).orElse(null) == s ? 1 : 0)
                    .tag("pbx", id).tag("state", tag(s))
                    .description("1 when the PBX session is in this state")
                    .register(registry));
        }
        gauges.add(Gauge.builder("pbx_session_buffered_events", () -> {
                    SessionSupervisor sessions = supervisor;
                    return sessions == null ? 0
                            : sessions.session(id).map(io.pbxbridge.connector.spi.PbxSession::bufferedEvents).orElse(0);
                }).tag("pbx", id).description("Events held by the session that Kafka has not acknowledged yet")
                .register(registry));
        return gauges;
    }

    /** Takes a session out of the count of its state; call inside {@code current.compute} for its id. */
    private void uncount(String id, StateSince old) {
        EnumMap<SessionState, AtomicInteger> byState = countedIn.remove(id);
        if (old != null && byState != null) {
            byState.get(old.state()).decrementAndGet();
        }
    }

    /** The state of the PBX's session on this instance; null when none runs here. */
    public SessionState state(String pbxId) {
        StateSince s = current.get(pbxId);
        return s == null ? null : s.state();
    }

    public Optional<StateSince> stateSince(String pbxId) {
        return Optional.ofNullable(current.get(pbxId));
    }

    /** The running sessions' states, by PBX id. */
    public Map<String, SessionState> states() {
        Map<String, SessionState> states = new java.util.HashMap<>();
        current.forEach((id, s) -> states.put(id, s.state()));
        return states;
    }

    /** Sessions running here per state (every vendor). */
    public Map<SessionState, Integer> countsByState() {
        Map<SessionState, Integer> total = new EnumMap<>(SessionState.class);
        counts.values().forEach(byState -> byState.forEach((s, n) -> {
            if (COUNTED.contains(s)) {
                total.merge(s, n.get(), Integer::sum);
            }
        }));
        return total;
    }

    @Override
    public void onStateChange(String pbxId, SessionState state, String reason) {
        // computeIfPresent: the old state and the new one are swapped atomically, so the counts never drift; a
        // session no longer (or not yet) registered here is not shown. A stopped session is no longer counted.
        StateSince now = current.computeIfPresent(pbxId, (id, old) -> {
            EnumMap<SessionState, AtomicInteger> byState = countedIn.get(id);
            if (byState != null) {
                byState.get(old.state()).decrementAndGet();
                byState.get(state).incrementAndGet();
            }
            return old.state() == state
                    ? new StateSince(state, old.since(), reason == null ? old.reason() : reason)
                    : new StateSince(state, Instant.now(), reason);
        });
        if (now == null) {
            return;
        }
        Counter.builder("pbx_session_transitions").tag("pbx", pbxId).tag("state", tag(state))
                .description("Session state changes").register(registry).increment();
    }

    @Override
    public void onKeepAliveSent(String pbxId, Duration lateness) {
        keepAliveLateness.record(lateness.isNegative() ? Duration.ZERO : lateness);
    }

    @Override
    public void onReportReceived(String pbxId, boolean deadLettered) {
        reports.received(pbxId);
        if (deadLettered) {
            reports.deadLettered(pbxId);
        }
    }

    /** Keep-alive lateness so far (benchmarks read its percentiles). */
    public Timer keepAliveLateness() {
        return keepAliveLateness;
    }

    private EnumMap<SessionState, AtomicInteger> counts(String vendor) {
        return counts.computeIfAbsent(vendor, v -> {
            EnumMap<SessionState, AtomicInteger> m = new EnumMap<>(SessionState.class);
            for (SessionState s : SessionState.values()) {
                m.put(s, new AtomicInteger());
            }
            return m;
        });
    }

    private static String tag(SessionState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
