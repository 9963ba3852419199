package io.pbxbridge.bridge.command;

import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.schema.Command;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The PBX side of the tests (not Kafka): records every command it is asked to execute, with the
 * instant it received it, and answers with a configurable behaviour (default: success).
 */
final class FakePbxSession implements PbxSession {
    /** One request as the PBX saw it. */
    record Received(String commandId, Instant at, long nanoTime) {
    }

    private final String pbxId;
    private final FakePbxFleet fleet;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();
    private volatile SessionState state = SessionState.STARTING;

    FakePbxSession(String pbxId, FakePbxFleet fleet) {
        this.pbxId = pbxId;
        this.fleet = fleet;
    }

    @Override
    public String pbxId() {
        return pbxId;
    }

    @Override
    public Future<Void> start() {
        starts.incrementAndGet();
        fleet.started(pbxId);
        state = SessionState.UP;
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        stops.incrementAndGet();
        return fleet.logout(pbxId).onSuccess(v -> {
            fleet.stopped(pbxId);
            state = SessionState.STOPPED;
        });
    }

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public Future<CommandOutcome> execute(Command command) {
        received.add(new Received(command.getCommandId(), Instant.now(), System.nanoTime()));
        fleet.executed(pbxId, command);
        Function<Command, Future<CommandOutcome>> b = fleet.behaviour(pbxId);
        return b.apply(command);
    }

    List<Received> received() {
        return received;
    }

    List<String> receivedIds() {
        return received.stream().map(Received::commandId).toList();
    }

    int starts() {
        return starts.get();
    }

    int stops() {
        return stops.get();
    }
}
