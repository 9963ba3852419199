package io.pbxbridge.bridge.management;

import io.pbxbridge.bridge.command.CommandConsumer;
import io.pbxbridge.bridge.session.SessionSupervisor;
import io.vertx.core.Future;

import java.util.Map;
import java.util.TreeMap;

/**
 * "pbx-sessions": ready once this instance has joined the command group (so it knows which PBXes it
 * owns), and not ready again if another process fenced it by joining under its {@code instance_id}. The detail lists each PBX whose session runs here with its state, never another instance's PBX. One PBX being down does not make
 * the bridge unready: the ingress still serves every other PBX, and the state is visible here and
 * in {@code pbx_session_state}.
 */
public final class SessionsReadinessCheck implements ReadinessCheck {
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
        Map<String, String> states = new TreeMap<>();
        for (String id : sessions.owned()) {
            sessions.session(id).ifPresent(s -> states.put(id, s.state().name()));
        }
        return Future.succeededFuture(CheckResult.passing(states.isEmpty() ? "owns no PBX" : "owned PBX sessions: " + states));
    }
}
