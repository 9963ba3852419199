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
 * @param pushes           reports the PBXes pushed to the bridge, by answer, and how fast 200s came
 */
public record FleetStats(int pbxes, int loggedIn, long logins, long refusedLogins, long lockOuts, long overlaps,
                         long maxOverlapMillis, long callsPlaced, long reboots, Pushes pushes) {

    static final FleetStats EMPTY = new FleetStats(0, 0, 0, 0, 0, 0, 0, 0, 0, Pushes.NONE);

    /**
     * Report POSTs since the fleet started.
     *
     * @param ok          answered 200 (the bridge has the report)
     * @param unavailable answered 503 (the PBX sends it again)
     * @param otherStatus answered with another status
     * @param unanswered  no answer (connection refused or closed, timeout)
     * @param okP50Millis POST → 200, median
     * @param okP99Millis POST → 200, 99th percentile
     * @param okMaxMillis POST → 200, the longest
     */
    public record Pushes(long ok, long unavailable, long otherStatus, long unanswered, double okP50Millis,
                         double okP99Millis, double okMaxMillis) {
        static final Pushes NONE = new Pushes(0, 0, 0, 0, 0, 0, 0);
    }

    FleetStats plus(FleetStats o) {
        return new FleetStats(pbxes + o.pbxes, loggedIn + o.loggedIn, logins + o.logins,
                refusedLogins + o.refusedLogins, lockOuts + o.lockOuts, overlaps + o.overlaps,
                Math.max(maxOverlapMillis, o.maxOverlapMillis), callsPlaced + o.callsPlaced, reboots + o.reboots,
                pushes);
    }

    FleetStats withPushes(Pushes p) {
        return new FleetStats(pbxes, loggedIn, logins, refusedLogins, lockOuts, overlaps, maxOverlapMillis,
                callsPlaced, reboots, p);
    }

    /** One line for the console. */
    public String describe() {
        return pbxes + " PBXes, " + loggedIn + " logged in; logins " + logins + " accepted, " + refusedLogins
                + " refused, " + lockOuts + " lock-outs; overlaps " + overlaps + " (longest " + maxOverlapMillis
                + " ms); calls " + callsPlaced + "; reboots " + reboots + "; reports pushed: " + pushes.ok()
                + " answered 200 (p50 " + String.format("%.1f", pushes.okP50Millis()) + " ms, p99 "
                + String.format("%.1f", pushes.okP99Millis()) + " ms), " + pushes.unavailable() + " 503, "
                + pushes.otherStatus() + " other, " + pushes.unanswered() + " unanswered";
    }
}
