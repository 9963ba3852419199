package io.pbxbridge.bridge.reload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code SIGHUP} reloads the configuration instead of ending the process (the JVM's default). The only
 * way to handle a signal in Java 17 is {@link Signal} (module {@code jdk.unsupported}); where it is not
 * available the bridge still reloads when the file changes.
 */
final class SighupHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SighupHandler.class);
    private static SignalHandler previous;

    private SighupHandler() {
    }

    static synchronized void install(Runnable onHangUp) {
        try {
            SignalHandler old = Signal.handle(new Signal("HUP"), signal -> onHangUp.run());
            if (previous == null) {
                previous = old;
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("SIGHUP cannot be handled here ({}); the configuration is reloaded when the file changes",
                    e.getMessage());
        }
    }

    static synchronized void uninstall() {
        if (previous != null) {
            try {
                Signal.handle(new Signal("HUP"), previous);
            } catch (IllegalArgumentException | UnsupportedOperationException ignored) {
                // nothing installed
            }
            previous = null;
        }
    }
}
