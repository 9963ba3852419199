package io.pbxbridge.bridge.session;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxSession;
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
import java.util.function.Function;

/**
 * Runs PBX sessions, each in its own verticle (so each has its own context and timers), and knows
 * which sessions this bridge instance currently owns.
 */
public final class SessionSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSupervisor.class);

    private final Vertx vertx;
    private final Function<String, PbxSession> factory;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /** @param factory creates the session for a configured PBX id */
    public SessionSupervisor(Vertx vertx, Function<String, PbxSession> factory) {
        this.vertx = vertx;
        this.factory = factory;
    }

    /** Starts the session of a PBX unless it already runs here. */
    public Future<Void> start(String pbxId) {
        if (running.containsKey(pbxId)) {
            return Future.succeededFuture();
        }
        PbxSession session = factory.apply(pbxId);
        Future<String> deployment = vertx.deployVerticle(new SessionVerticle(session));
        Running entry = new Running(session, deployment);
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
            return Future.succeededFuture();
        }
        // A stop that overtakes a start still logs the session out once its deployment completes.
        return r.deployment().transform(ar -> ar.failed() ? Future.<Void>succeededFuture()
                : vertx.undeploy(ar.result()).onSuccess(v -> LOG.debug("Session for PBX {} stopped", pbxId)));
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

    public List<String> owned() {
        return List.copyOf(running.keySet());
    }

    /** Hands published records to the PBX's session when it runs here. */
    public void observe(String pbxId, List<NormalizedRecord> records) {
        session(pbxId).ifPresent(s -> s.observe(records));
    }

    private record Running(PbxSession session, Future<String> deployment) {
    }

    /** Gives a session its own context: start logs in, stop logs out. */
    private static final class SessionVerticle extends VerticleBase {
        private final PbxSession session;

        SessionVerticle(PbxSession session) {
            this.session = session;
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
