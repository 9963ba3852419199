package io.pbxbridge.bridge.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
 * Session meters, fleet level: {@code pbx_sessions{vendor,state}} counts the sessions this instance runs in
 * each state (a stopped session is no longer counted), {@code pbx_session_transitions_total} counts entries
 * into each state (re-logins show as transitions to UP) and {@code pbx_session_keepalive_lateness_seconds}
 * times how late keep-alives go out. With {@code management.per_pbx_metrics} also
 * {@code pbx_session_state{pbx,state}}: 1 for a PBX's current state, 0 otherwise.
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
    /** The counts each running session is counted in (its vendor's). */
    private final Map<String, EnumMap<SessionState, AtomicInteger>> countedIn = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> perPbxGauges = new ConcurrentHashMap<>();
    private final Timer keepAliveLateness;
    private final Collection<String> vendors;
    private volatile SessionSupervisor supervisor;

    /** A session's current state, since when, and the reason given on entering it (never a secret). */
    public record StateSince(SessionState state, Instant since, String reason) {
    }

    /**
     * @param vendors  the vendor ids of the PBXes this instance may run, one fleet-level series set each
     * @param vendorOf a PBX id's vendor id (the running configuration)
     * @param perPbx   also one {@code pbx_session_state} gauge per PBX
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
        SessionSupervisor sessions = supervisor;
        if (sessions == null) {
            return 0;
        }
        int sum = 0;
        for (String id : sessions.owned()) {
            if (vendor.equals(vendorOf.apply(id))) {
                sum += sessions.session(id).map(io.pbxbridge.connector.spi.PbxSession::bufferedEvents).orElse(0);
            }
        }
        return sum;
    }

    /** A session is being started for the PBX: counted as STARTING until it reports a state. */
    public void starting(String pbxId) {
        onStateChange(pbxId, SessionState.STARTING, "start");
    }

    /**
     * With {@code per_pbx_metrics}: the PBX's {@code pbx_session_state} gauges (0 until its session runs here).
     * Without: nothing, fleet-level series only.
     */
    public void register(String pbxId) {
        if (!perPbx) {
            return;
        }
        perPbxGauges.computeIfAbsent(pbxId, id -> {
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
        });
    }

    /** The PBX left the configuration: its per-PBX gauges go. */
    public void unregister(String pbxId) {
        List<Meter> gauges = perPbxGauges.remove(pbxId);
        if (gauges != null) {
            gauges.forEach(registry::remove);
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
        counts.values().forEach(byState -> byState.forEach((s, n) -> total.merge(s, n.get(), Integer::sum)));
        return total;
    }

    @Override
    public void onStateChange(String pbxId, SessionState state, String reason) {
        // compute: the old state and the new one are swapped atomically, so the counts never drift. A session is
        // counted under the vendor it started with until it stops (a reload may have removed its entry by then).
        current.compute(pbxId, (id, old) -> {
            EnumMap<SessionState, AtomicInteger> byState = countedIn.get(id);
            if (old != null && byState != null) {
                byState.get(old.state()).decrementAndGet();
            }
            if (state == SessionState.STOPPED) {
                countedIn.remove(id);
                return null;
            }
            if (byState == null) {
                String vendor = vendorOf.apply(id);
                byState = counts(vendor == null ? "unknown" : vendor);
                countedIn.put(id, byState);
            }
            byState.get(state).incrementAndGet();
            return old != null && old.state() == state
                    ? new StateSince(state, old.since(), reason == null ? old.reason() : reason)
                    : new StateSince(state, Instant.now(), reason);
        });
        Counter.builder("pbx_session_transitions").tag("pbx", pbxId).tag("state", tag(state))
                .description("Session state changes").register(registry).increment();
    }

    @Override
    public void onKeepAliveSent(String pbxId, Duration lateness) {
        keepAliveLateness.record(lateness.isNegative() ? Duration.ZERO : lateness);
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
