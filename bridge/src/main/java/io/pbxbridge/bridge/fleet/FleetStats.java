package io.pbxbridge.bridge.fleet;

/**
 * The whole fleet at one moment, summed over its PBXes.
 *
 * @param pbxes            simulated PBXes
 * @param loggedIn         PBXes a client holds a live session with
 * @param logins           logins the PBXes accepted
 * @param refusedLogins    logins refused for wrong credentials
 * @param lockOuts         times a PBX locked a client out (0 with a correct bridge)
 * @param overlaps         requests on an older client's session after another client logged in (PBXes that can tell)
 * @param maxOverlapMillis the longest such overlap
 * @param callsPlaced      calls the fleet placed
 * @param reboots          restarts so far
 */
public record FleetStats(int pbxes, int loggedIn, long logins, long refusedLogins, long lockOuts, long overlaps,
                         long maxOverlapMillis, long callsPlaced, long reboots) {

    static final FleetStats EMPTY = new FleetStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    FleetStats plus(FleetStats o) {
        return new FleetStats(pbxes + o.pbxes, loggedIn + o.loggedIn, logins + o.logins,
                refusedLogins + o.refusedLogins, lockOuts + o.lockOuts, overlaps + o.overlaps,
                Math.max(maxOverlapMillis, o.maxOverlapMillis), callsPlaced + o.callsPlaced, reboots + o.reboots);
    }

    /** One line for the console. */
    public String describe() {
        return pbxes + " PBXes, " + loggedIn + " logged in; logins " + logins + " accepted, " + refusedLogins
                + " refused, " + lockOuts + " lock-outs; overlaps " + overlaps + " (longest " + maxOverlapMillis
                + " ms); calls " + callsPlaced + "; reboots " + reboots;
    }
}
