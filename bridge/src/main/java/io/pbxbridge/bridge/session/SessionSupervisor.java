package io.pbxbridge.bridge.session;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxSession;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs PBX sessions, each in its own verticle (so each has its own context and timers), and knows
 * which sessions this bridge instance currently owns.
 */
public final class SessionSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSupervisor.class);

    private final Vertx vertx;
    private final Function<String, PbxSession> factory;
    private final Consumer<String> stopped;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /** @param factory creates the session for a configured PBX id */
    public SessionSupervisor(Vertx vertx, Function<String, PbxSession> factory) {
        this(vertx, factory, id -> { });
    }

    /**
     * @param factory creates the session for a configured PBX id
     * @param stopped told when a PBX's session has stopped and no new one was started meanwhile
     */
    public SessionSupervisor(Vertx vertx, Function<String, PbxSession> factory, Consumer<String> stopped) {
        this.vertx = vertx;
        this.factory = factory;
        this.stopped = stopped;
    }

    /** Starts the session of a PBX unless it already runs here. */
    public Future<Void> start(String pbxId) {
        if (running.containsKey(pbxId)) {
            return Future.succeededFuture();
        }
        PbxSession session = factory.apply(pbxId);
        SessionVerticle verticle = new SessionVerticle(session);
        Future<String> deployment = vertx.deployVerticle(verticle);
        Running entry = new Running(session, verticle, deployment, new SessionMailbox(session));
        running.put(pbxId, entry);
        return deployment.<Void>map(id -> {
            LOG.debug("Session for PBX {} started", pbxId);
            return null;
        }).onFailure(e -> {
            running.remove(pbxId, entry);
            LOG.error("Session for PBX {} failed to start: {}", pbxId, e.getMessage());
        });
    }

    /** Stops (logs out) the session of a PBX, if it runs here. */
    public Future<Void> stop(String pbxId) {
        Running r = running.remove(pbxId);
        if (r == null) {
            stopped.accept(pbxId); // e.g. its start had failed: nothing runs, nothing to show
            return Future.succeededFuture();
        }
        // A stop that overtakes a start still logs the session out once its deployment completes.
        return r.deployment().transform(ar -> ar.failed() ? Future.<Void>succeededFuture()
                        : vertx.undeploy(ar.result()).onSuccess(v -> LOG.debug("Session for PBX {} stopped", pbxId)))
                .andThen(ar -> {
                    if (!running.containsKey(pbxId)) {
                        stopped.accept(pbxId);
                    }
                });
    }

    public Future<Void> stopAll() {
        List<Future<Void>> stops = new ArrayList<>();
        for (String id : List.copyOf(running.keySet())) {
            stops.add(stop(id).recover(e -> Future.succeededFuture()));
        }
        return Future.all(stops).mapEmpty();
    }

    public Optional<PbxSession> session(String pbxId) {
        Running r = running.get(pbxId);
        return r == null ? Optional.empty() : Optional.of(r.session());
    }

    /** The context a PBX's running session is on (for tests: where sessions are placed). */
    Optional<Context> context(String pbxId) {
        Running r = running.get(pbxId);
        return r == null ? Optional.empty() : Optional.ofNullable(r.verticle().context());
    }

    public List<String> owned() {
        return List.copyOf(running.keySet());
    }

    /**
     * Hands published records to the PBX's session when it runs here, on the session's context, in the
     * order of the calls (through its {@link SessionMailbox}: one task for a burst of records). Any thread.
     */
    public void observe(String pbxId, List<NormalizedRecord> records) {
        Running r = running.get(pbxId);
        if (r == null) {
            return;
        }
        Context context = r.verticle().context();
        if (context == null) {
            r.session().observe(records); // not deployed yet: no context of its own to run on
        } else {
            r.mailbox().post(context, records);
        }
    }

    private record Running(PbxSession session, SessionVerticle verticle, Future<String> deployment,
                           SessionMailbox mailbox) {
    }

    /** Gives a session its own context: start logs in, stop logs out. */
    private static final class SessionVerticle extends VerticleBase {
        private final PbxSession session;

        SessionVerticle(PbxSession session) {
            this.session = session;
        }

        /** The session's context once deployed; null before. */
        Context context() {
            return context;
        }

        @Override
        public Future<?> start() {
            return session.start();
        }

        @Override
        public Future<?> stop() {
            return session.stop();
        }
    }
}
