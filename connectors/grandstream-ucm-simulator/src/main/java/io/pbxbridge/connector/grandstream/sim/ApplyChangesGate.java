package io.pbxbridge.connector.grandstream.sim;

/**
 * Decides whether {@code applyChanges} may run now. The fault injector arms it with a status
 * (-45/-46/-57 "too frequent", -69 conference, -98 digital calls...) for a number of attempts.
 */
final class ApplyChangesGate {
    private UcmStatus failStatus;
    private int remaining;

    synchronized void failNext(UcmStatus status, int times) {
        this.failStatus = status;
        this.remaining = times;
    }

    synchronized void checkApply() {
        if (remaining > 0) {
            remaining--;
            throw new UcmApiException(failStatus, "applyChanges refused by fault injection");
        }
    }
}
