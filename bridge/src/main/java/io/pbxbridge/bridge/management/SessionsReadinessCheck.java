package io.pbxbridge.bridge.management;

import io.pbxbridge.bridge.command.CommandConsumer;
import io.pbxbridge.bridge.session.SessionSupervisor;
import io.vertx.core.Future;

import java.util.Map;
import java.util.TreeMap;

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

    private final CommandConsumer commands;
    private final SessionSupervisor sessions;

    public SessionsReadinessCheck(CommandConsumer commands, SessionSupervisor sessions) {
        this.commands = commands;
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "pbx-sessions";
    }

    @Override
    public Future<CheckResult> check() {
        if (!commands.joined()) {
            return Future.succeededFuture(CheckResult.failing(commands.notJoinedReason()));
        }
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, String> states = new TreeMap<>();
        Map<String, String> notUp = new TreeMap<>();
        int owned = 0;
        for (String id : sessions.owned()) {
            var session = sessions.session(id);
            if (session.isEmpty()) {
                continue;
            }
            owned++;
            String state = session.get().state().name();
            counts.merge(state, 1, Integer::sum);
            if (states.size() <= NAMED) {
                states.put(id, state);
            }
            if (!"UP".equals(state)) {
                notUp.put(id, state);
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
            notUp.entrySet().stream().limit(NAMED).forEach(e -> detail.append(e.getKey()).append('=')
                    .append(e.getValue()).append(' '));
            if (notUp.size() > NAMED) {
                detail.append("… ").append(notUp.size() - NAMED).append(" more");
            }
        }
        return Future.succeededFuture(CheckResult.passing(detail.toString().trim()));
    }
}
