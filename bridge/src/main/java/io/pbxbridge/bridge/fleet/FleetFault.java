package io.pbxbridge.bridge.fleet;

/** What is wrong with one simulated PBX of a fleet, if anything. */
public enum FleetFault {
    /** Answers like a healthy PBX. */
    NONE,
    /** The bridge's configuration carries a wrong password: the PBX refuses the login (and would lock the client out after a few). */
    WRONG_CREDENTIALS,
    /** Never answers: every connection to it is closed at once. */
    UNREACHABLE,
    /** Restarts now and then: down for a while, then every session is gone. */
    REBOOTING
}
