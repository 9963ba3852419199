package io.pbxbridge.connector.spi.sim;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests of one kind a simulator is serving at once (its logins, say) and the most at any
 * time: how tests see from the PBX side whether the bridge keeps a bound. Thread-safe.
 */
public final class InProgressCounter {
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    public void started() {
        peak.accumulateAndGet(current.incrementAndGet(), Math::max);
    }

    public void finished() {
        current.decrementAndGet();
    }

    public int current() {
        return current.get();
    }

    /** The most served at once since start (or the last {@link #resetPeak()}). */
    public int peak() {
        return peak.get();
    }

    public void resetPeak() {
        peak.set(current.get());
    }
}
