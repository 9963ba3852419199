package io.pbxbridge.bridge.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.connector.spi.SessionListener;
import io.pbxbridge.connector.spi.SessionState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session meters: {@code pbx_session_state{pbx,state}} is 1 for the current state and 0 otherwise, for
 * the PBXes whose session runs on this instance only — registered when the session is created here (the
 * PBX's command partition came to this instance) and removed when it stopped (the PBX left), so no
 * instance exports a state for a PBX another instance owns; {@code pbx_session_transitions_total{pbx,state}}
 * counts entries into each state (re-logins show as transitions into UP). Also keeps, per PBX, when the
 * current state began and why (the status page).
 */
public final class SessionMetrics implements SessionListener {
    private final MeterRegistry registry;
    private final Map<String, SessionState> current = new ConcurrentHashMap<>();
    private final Map<String, StateSince> since = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

    /** A session's current state, since when, and the reason given on entering it (never a secret). */
    public record StateSince(SessionState state, Instant since, String reason) {
    }

    public SessionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A session for the PBX is created here: its state series start at {@code starting}. */
    public void register(String pbxId) {
        current.put(pbxId, SessionState.STARTING);
        since.put(pbxId, new StateSince(SessionState.STARTING, Instant.now(), null));
        List<Meter> meters = new ArrayList<>();
        for (SessionState s : SessionState.values()) {
            meters.add(Gauge.builder("pbx_session_state", current, m -> m.get(pbxId) == s ? 1 : 0)
                    .tag("pbx", pbxId).tag("state", s.name().toLowerCase(java.util.Locale.ROOT))
                    .description("1 when the PBX session is in this state")
                    .register(registry));
        }
        List<Meter> previous = gauges.put(pbxId, meters);
        if (previous != null) {
            previous.stream().filter(m -> !meters.contains(m)).forEach(registry::remove);
        }
    }

    /** The PBX's session stopped here (the PBX moved to another instance, or this one stops): its series go. */
    public void unregister(String pbxId) {
        List<Meter> meters = gauges.remove(pbxId);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
        current.remove(pbxId);
        since.remove(pbxId);
    }

    public SessionState state(String pbxId) {
        return current.get(pbxId);
    }

    public Optional<StateSince> stateSince(String pbxId) {
        return Optional.ofNullable(since.get(pbxId));
    }

    public Map<String, SessionState> states() {
        return Map.copyOf(current);
    }

    @Override
    public void onStateChange(String pbxId, SessionState state, String reason) {
        if (current.computeIfPresent(pbxId, (id, old) -> state) == null) {
            return; // a session no longer (or not yet) registered here: nothing to show
        }
        since.compute(pbxId, (id, old) -> old != null && old.state() == state
                ? new StateSince(state, old.since(), reason == null ? old.reason() : reason)
                : new StateSince(state, Instant.now(), reason));
        Counter.builder("pbx_session_transitions").tag("pbx", pbxId)
                .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .description("Session state changes").register(registry).increment();
    }
}
