package io.pbxbridge.bridge.command;

import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.schema.Command;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The fake PBXes of a test, shared by every bridge instance in it: counts how many sessions of each
 * PBX run at once and across all instances, and which commands each PBX executed.
 */
final class FakePbxFleet {
    private final Map<String, Function<Command, Future<CommandOutcome>>> behaviours = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Supplier<Future<Void>>> logouts = new ConcurrentHashMap<>();
    private final Map<String, Integer> running = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxRunning = new ConcurrentHashMap<>();
    private final Map<String, List<String>> executed = new ConcurrentHashMap<>();
    private final List<FakePbxSession> sessions = new CopyOnWriteArrayList<>();

    /** A session factory for one bridge instance's SessionSupervisor. */
    PbxSession create(String pbxId) {
        FakePbxSession s = new FakePbxSession(pbxId, this);
        sessions.add(s);
        return s;
    }

    void behave(String pbxId, Function<Command, Future<CommandOutcome>> behaviour) {
        behaviours.put(pbxId, behaviour);
    }

    /** How the PBX's logout completes (default: at once); a session counts as stopped once it has. */
    void logout(String pbxId, java.util.function.Supplier<Future<Void>> logout) {
        logouts.put(pbxId, logout);
    }

    Future<Void> logout(String pbxId) {
        return logouts.getOrDefault(pbxId, Future::succeededFuture).get();
    }

    Function<Command, Future<CommandOutcome>> behaviour(String pbxId) {
        return behaviours.getOrDefault(pbxId, c -> Future.succeededFuture(
                CommandOutcome.succeeded("call-" + c.getCommandId(), "{\"errcode\":0}")));
    }

    synchronized void started(String pbxId) {
        int n = running.merge(pbxId, 1, Integer::sum);
        maxRunning.merge(pbxId, n, Math::max);
    }

    synchronized void stopped(String pbxId) {
        running.merge(pbxId, -1, Integer::sum);
    }

    void executed(String pbxId, Command command) {
        executed.computeIfAbsent(pbxId, k -> new CopyOnWriteArrayList<>()).add(command.getCommandId());
    }

    /** Commands the PBX executed, in order, across all instances. */
    List<String> executed(String pbxId) {
        return new ArrayList<>(executed.getOrDefault(pbxId, List.of()));
    }

    int running(String pbxId) {
        return running.getOrDefault(pbxId, 0);
    }

    /** The most sessions of this PBX that ever ran at the same time. */
    int maxRunning(String pbxId) {
        return maxRunning.getOrDefault(pbxId, 0);
    }

    List<FakePbxSession> sessions() {
        return sessions;
    }
}
