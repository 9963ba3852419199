package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.Command;
import io.vertx.core.Future;

import java.util.List;

/**
 * The bridge's one authenticated session with one PBX. Exactly one exists per PBX across all bridge
 * instances (the owner of the PBX's command partition runs it).
 */
public interface PbxSession {
    String pbxId();

    /** Logs in and starts keep-alive; completes once the first login attempt has finished (either way). */
    Future<Void> start();

    /** Logs out and stops every timer. */
    Future<Void> stop();

    SessionState state();

    /** Executes a validated command through this session. Never fails: errors become outcomes. */
    Future<CommandOutcome> execute(Command command);

    /**
     * Records the bridge just published for this PBX from its reports. Lets a session react to what
     * the PBX says about itself (a BootUp means its tokens are gone) and track live calls. Called on
     * the session's own context; must not block.
     */
    default void observe(List<NormalizedRecord> records) {
    }

    /**
     * Events the session holds that Kafka has not acknowledged yet (events a PBX cannot re-send, such
     * as WebSocket notifications, wait in a bounded buffer). Exported as a gauge; read from any thread.
     */
    default int bufferedEvents() {
        return 0;
    }
}
