package io.pbxbridge.bridge.command;

import io.pbxbridge.connector.spi.PbxSession;
import io.vertx.core.Future;

/** What the {@link CommandProcessor} needs to know about ownership; {@link SessionOwnership} answers. */
public interface CommandRouting {
    /** True while this instance owns the PBX (its command partition is assigned here). */
    boolean owns(String pbxId);

    /** The PBX's session once started here; fails with {@link NotOwnedException} when not owned. */
    Future<PbxSession> session(String pbxId);

    /**
     * Whether a PBX call may start now: true while this instance provably still owns the PBX, false once it no
     * longer does; may take a moment to find out (see {@code GroupLease}). Never fails.
     */
    default Future<Boolean> confirm(String pbxId) {
        return Future.succeededFuture(owns(pbxId));
    }

    /** Completes when the PBX's recorded results are loaded (cache warming); never fails. */
    default Future<Void> ready(String pbxId) {
        return Future.succeededFuture();
    }

    /** The PBX moved to another instance (or this one is stopping): its command is left to the new owner. */
    final class NotOwnedException extends RuntimeException {
        public NotOwnedException(String pbxId) {
            super("PBX " + pbxId + " is not owned by this instance", null, false, false);
        }
    }
}
