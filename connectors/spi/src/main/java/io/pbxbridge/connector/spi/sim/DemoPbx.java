package io.pbxbridge.connector.spi.sim;

import io.vertx.core.Future;

import java.util.Map;

/** One simulated PBX of the demo: how to reach it, and its call traffic. */
public interface DemoPbx {
    /**
     * The PBX's entry as it would be written under {@code pbxes} in a configuration file (YAML keys;
     * {@code options} a nested mapping). The bridge loads it like any configured PBX, through the same
     * validation, so the demo exercises the real configuration path.
     */
    Map<String, Object> configEntry();

    /** Starts placing random calls (after the bridge has logged in). */
    void startTraffic(double callsPerSecond);

    /** One line for the start-up summary, e.g. {@code demo-ucm: simulated Grandstream UCM6304 at http://...}. */
    String describe();

    /** Stops the traffic and the simulator. */
    Future<Void> stop();
}
