package io.pbxbridge.connector.spi.sim;

/**
 * What one simulated PBX of a fleet saw, for the fleet's totals and the checks of a hand-over.
 *
 * @param logins          logins it accepted
 * @param refusedLogins   logins it refused for wrong credentials
 * @param lockOuts        times it locked a client out after failed logins (must stay 0 with a correct bridge)
 * @param loggedIn        whether a client holds a live session now
 * @param overlaps        requests it received on an older session of one client after another client had
 *                        logged in (two bridge instances holding its session at once); -1 when the vendor
 *                        cannot tell clients apart
 * @param maxOverlapMillis the longest such overlap: from the newer login to the older session's last request
 */
public record FleetMemberStats(long logins, long refusedLogins, long lockOuts, boolean loggedIn, long overlaps,
                               long maxOverlapMillis) {
}
