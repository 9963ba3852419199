package io.pbxbridge.bridge.fleet;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code simulate fleet} runs: how many PBXes of each vendor, how busy they are and which faults a share
 * of them has. Vendors are simulator ids ({@code yeastar-s}, {@code grandstream-ucm}): the fleet names none.
 *
 * @param pbxes            PBXes per vendor id, in the order given; the vendors are interleaved over the fleet
 * @param apiVersions      API versions per vendor id, assigned round-robin (absent: the simulator's default)
 * @param firstIndex       number of the first PBX (ids and addresses); lets several processes run disjoint fleets
 * @param shards           HTTP servers (each on its own event loop and port), PBXes spread over them
 * @param host             the interface the shard servers bind to; PBX addresses must reach it
 * @param basePort         port of the first shard (the others follow); 0 picks free ports
 * @param callsPerSecond   fleet-wide rate of calls (Poisson arrivals over the logged-in PBXes)
 * @param wrongCredentials share of PBXes whose configuration entry carries a wrong password
 * @param unreachable      share of PBXes that never answer (every connection closed at once)
 * @param rebooting        share of PBXes that restart every {@code rebootEvery} (±50 %), down for {@code rebootDowntime}
 * @param rebootEvery      how often a rebooting PBX restarts
 * @param rebootDowntime   how long it does not answer while restarting
 * @param seed             seeds every choice (credentials, faults, calls), so a fleet is reproducible
 */
public record FleetOptions(Map<String, Integer> pbxes, Map<String, List<String>> apiVersions, int firstIndex,
                           int shards, String host, int basePort, double callsPerSecond, double wrongCredentials,
                           double unreachable, double rebooting, Duration rebootEvery, Duration rebootDowntime,
                           long seed) {
    /** Addresses: 127.20.0.1 onwards, 250 per /24 (the whole of 127/8 is local on Linux). */
    static final int SECOND_OCTET = 20;
    static final int MAX_PBXES = 250 * 250 * 200;

    public FleetOptions {
        pbxes = pbxes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pbxes));
        apiVersions = apiVersions == null ? Map.of() : Map.copyOf(apiVersions);
        long total = pbxes.values().stream().mapToLong(Integer::longValue).sum();
        if (pbxes.values().stream().anyMatch(n -> n < 0) || total < 1) {
            throw new IllegalArgumentException("a fleet needs at least one PBX");
        }
        if (firstIndex < 0 || firstIndex + total > MAX_PBXES) {
            throw new IllegalArgumentException("PBX numbers must stay below " + MAX_PBXES);
        }
        if (shards < 1 || shards > 64) {
            throw new IllegalArgumentException("shards must be 1..64");
        }
        for (double share : new double[] {wrongCredentials, unreachable, rebooting}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("fault shares must be within 0..1");
            }
        }
        if (wrongCredentials + unreachable + rebooting > 1) {
            throw new IllegalArgumentException("fault shares add up to more than the fleet");
        }
        if (!(callsPerSecond >= 0)) {
            throw new IllegalArgumentException("calls per second must not be negative");
        }
        if (rebootEvery == null || rebootEvery.isNegative() || rebootEvery.isZero()
                || rebootDowntime == null || rebootDowntime.isNegative()) {
            throw new IllegalArgumentException("reboot period must be positive and downtime not negative");
        }
    }

    /** {@code pbxes} per vendor without calls or faults, on loopback, free ports, two shards (tests). */
    public static FleetOptions quiet(Map<String, Integer> pbxes) {
        return new FleetOptions(pbxes, Map.of(), 0, 2, "0.0.0.0", 0, 0, 0, 0, 0, Duration.ofMinutes(10),
                Duration.ofSeconds(30), 42L);
    }

    /** The same fleet with calls at {@code rate} per second. */
    public FleetOptions withCalls(double rate) {
        return new FleetOptions(pbxes, apiVersions, firstIndex, shards, host, basePort, rate, wrongCredentials,
                unreachable, rebooting, rebootEvery, rebootDowntime, seed);
    }

    /** The same fleet with these fault shares. */
    public FleetOptions withFaults(double wrong, double unreachableShare, double rebootingShare) {
        return new FleetOptions(pbxes, apiVersions, firstIndex, shards, host, basePort, callsPerSecond, wrong,
                unreachableShare, rebootingShare, rebootEvery, rebootDowntime, seed);
    }

    public int size() {
        return pbxes.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The loopback address of PBX number {@code n}: 127.20.0.1, …, 127.20.0.250, 127.20.1.1, … */
    static String address(int n) {
        return "127." + (SECOND_OCTET + n / 62_500) + "." + (n / 250) % 250 + "." + (n % 250 + 1);
    }
}
