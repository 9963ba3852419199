package io.pbxbridge.connector.spi.sim;

/**
 * Told of every report a simulated PBX pushed to the bridge and how it was answered: a fleet times its
 * pushes (POST → answer) with it. Called on the pushing PBX's context; must be cheap.
 */
@FunctionalInterface
public interface PushObserver {
    /** Observes nothing. */
    PushObserver NONE = (status, nanos) -> { };

    /**
     * @param status the HTTP status answered, 0 when no answer came (connection refused or closed, timeout)
     * @param nanos  from the POST being sent to its answer (or failure)
     */
    void answered(int status, long nanos);
}
