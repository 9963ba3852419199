package io.pbxbridge.connector.spi.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;

/**
 * A simulator of one PBX family, found with {@link java.util.ServiceLoader} (declare it in
 * {@code META-INF/services/io.pbxbridge.connector.spi.sim.PbxSimulator}). It is how the bridge's demo
 * and its {@code simulate} command reach a simulator without importing it: the bridge depends on the
 * simulator modules at runtime only.
 */
public interface PbxSimulator {
    /** The id of the connector this simulator stands in for, e.g. {@code yeastar-s}; names the {@code simulate} sub-command. */
    String vendorId();

    /** One line for {@code simulate --help}. */
    String description();

    /**
     * Runs the simulator standalone with its own command-line arguments ({@code --help} lists them) until
     * the process is stopped: {@code java -jar pbx-bridge.jar simulate <vendorId> [args]}.
     */
    void runStandalone(String[] args) throws Exception;

    /**
     * Starts a simulated PBX on loopback for the no-configuration demo, with random credentials, and the
     * configuration the bridge uses to log into it exactly as into a real one.
     *
     * @param stateDir where the connector may keep state between runs (e.g. a CDR checkpoint)
     */
    Future<DemoPbx> startDemo(Vertx vertx, Path stateDir);

    /**
     * Creates one PBX of a fleet ({@code simulate fleet}) on the caller's context, without a server of its own:
     * the fleet hands it the requests sent to its address. A simulator that cannot be a fleet member throws
     * {@link UnsupportedOperationException}.
     */
    default FleetMember fleetMember(Vertx vertx, FleetMemberSpec spec) {
        throw new UnsupportedOperationException(vendorId() + " cannot run in a fleet");
    }
}
