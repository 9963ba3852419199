package io.pbxbridge.bridge.command;

/**
 * Where the command consumer is in its life. Set only by {@link CommandConsumer}; read by its parts (from
 * its context and, for the hand-over, the polling thread).
 */
final class ConsumerPhase {
    private volatile boolean stopping;
    private volatile boolean closed;

    /** Stop was called: fetch nothing new, finish (bounded) what was fetched. */
    boolean stopping() {
        return stopping;
    }

    /** Offsets committed, sessions logged out, the group left: a result finishing now is the next owner's. */
    boolean closed() {
        return closed;
    }

    void stop() {
        stopping = true;
    }

    void close() {
        closed = true;
    }
}
