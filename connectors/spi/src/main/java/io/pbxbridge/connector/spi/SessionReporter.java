package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * Tells the bridge what a session goes through: state changes to the listener (metrics,
 * readiness) and lifecycle {@code PbxEvent}s to {@code pbx.system}. Reasons must never hold a secret.
 */
public final class SessionReporter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionReporter.class);

    private final String pbxId;
    private final Vendor vendor;
    private final SessionContext context;
    private volatile SessionState state = SessionState.STARTING;

    public SessionReporter(String pbxId, Vendor vendor, SessionContext context) {
        this.pbxId = pbxId;
        this.vendor = vendor;
        this.context = context;
    }

    public SessionState state() {
        return state;
    }

    public void state(SessionState next, String reason) {
        state = next;
        context.listener().onStateChange(pbxId, next, reason);
    }

    /**
     * The session is over (bridge shutting down or PBX handed to another instance): STOPPED, and a
     * SESSION_DOWN event when it was up. Never fails, so a stop always completes.
     */
    public Future<Void> closed() {
        boolean wasUp = state == SessionState.UP;
        state(SessionState.STOPPED, "shutdown");
        Future<Void> event = wasUp
                ? emit(PbxEventType.SESSION_DOWN, "session closed: bridge shutting down or PBX handed over", null)
                : Future.succeededFuture();
        return event.recover(e -> Future.succeededFuture());
    }

    /** Publishes a lifecycle event; a failure is logged, never thrown (the session goes on). */
    public Future<Void> emit(PbxEventType type, String reason, Integer retryAfterSeconds) {
        NormalizedRecord record = SessionEvents.of(pbxId, vendor, context.bridge(), type, reason, retryAfterSeconds,
                Instant.now());
        return context.sink().publish(List.of(record))
                .onFailure(e -> LOG.warn("PBX {}: could not publish {} event: {}", pbxId, type, e.getMessage()));
    }
}
