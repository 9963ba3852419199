package io.pbxbridge.bridge.management;

import io.pbxbridge.bridge.command.CommandConsumer;
import io.pbxbridge.bridge.session.SessionSupervisor;
import io.vertx.core.Future;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * "pbx-sessions": ready once this instance has joined the command group (so it knows which PBXes it
 * owns), and not ready again if another process fenced it by joining under its {@code instance_id}. The detail
 * names each PBX whose session runs here with its state, never another instance's PBX; past {@link #NAMED}
 * such PBXes it counts them by state and names only those not up (at most {@link #NAMED}), so the answer stays
 * small for a fleet of thousands. One PBX being down does not make the bridge unready: the ingress still serves
 * every other PBX, and the states are visible here and in {@code pbx_sessions}.
 */
public final class SessionsReadinessCheck implements ReadinessCheck {
    /** PBXes not up named in the detail, at most. */
    static final int NAMED = 20;

    private final BooleanSupplier joined;
    private final Supplier<String> notJoinedReason;
    private final Supplier<? extends Collection<String>> owned;
    private final Function<String, Optional<String>> stateOf;

    public SessionsReadinessCheck(CommandConsumer commands, SessionSupervisor sessions) {
        this(commands::joined, commands::notJoinedReason, sessions::owned,
                id -> sessions.session(id).map(s -> s.state().name()));
    }

    /** @param stateOf the state of a PBX's session running here, empty when none runs */
    SessionsReadinessCheck(BooleanSupplier joined, Supplier<String> notJoinedReason,
                           Supplier<? extends Collection<String>> owned, Function<String, Optional<String>> stateOf) {
        this.joined = joined;
        this.notJoinedReason = notJoinedReason;
        this.owned = owned;
        this.stateOf = stateOf;
    }

    @Override
    public String name() {
        return "pbx-sessions";
    }

    @Override
    public Future<CheckResult> check() {
        if (!joined.getAsBoolean()) {
            return Future.succeededFuture(CheckResult.failing(notJoinedReason.get()));
        }
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, String> states = new TreeMap<>();
        // The first NAMED not up by id, and how many there are: a fleet that lost its network has thousands.
        TreeMap<String, String> notUp = new TreeMap<>();
        int notUpCount = 0;
        int owned = 0;
        for (String id : this.owned.get()) {
            Optional<String> running = stateOf.apply(id);
            if (running.isEmpty()) {
                continue;
            }
            owned++;
            String state = running.get();
            counts.merge(state, 1, Integer::sum);
            if (states.size() <= NAMED) {
                states.put(id, state);
            }
            if (!"UP".equals(state)) {
                notUpCount++;
                notUp.put(id, state);
                if (notUp.size() > NAMED) {
                    notUp.pollLastEntry();
                }
            }
        }
        if (owned == 0) {
            return Future.succeededFuture(CheckResult.passing("owns no PBX"));
        }
        if (owned <= NAMED) {
            return Future.succeededFuture(CheckResult.passing("owned PBX sessions: " + states));
        }
        StringBuilder detail = new StringBuilder("owned PBX sessions: ").append(owned).append(' ').append(counts);
        if (!notUp.isEmpty()) {
            detail.append("; not up: ");
            notUp.forEach((id, state) -> detail.append(id).append('=').append(state).append(' '));
            if (notUpCount > NAMED) {
                detail.append("… ").append(notUpCount - NAMED).append(" more");
            }
        }
        return Future.succeededFuture(CheckResult.passing(detail.toString().trim()));
    }
}
