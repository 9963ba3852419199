package io.pbxbridge.bridge.ingress;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tells a genuine report from a forged one by the secret segment of its path, the same way for an unknown PBX
 * id as for a known one with a wrong secret: one comparison of the presented secret either way (against a random
 * decoy when the id is unknown), whose duration depends only on the presented secret's length. So response times
 * do not tell an attacker which PBX ids exist.
 */
final class ReportGate {
    private final String decoy;
    private final LongAdder comparisons;

    /** @param comparisons counts every comparison made (shared by the ingress's event loops) */
    ReportGate(LongAdder comparisons) {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.decoy = HexFormat.of().formatHex(random);
        this.comparisons = comparisons;
    }

    /** Whether {@code route} (null for an unknown id) exists and {@code presented} is its secret. */
    boolean opens(IngressRoute route, String presented) {
        comparisons.increment();
        boolean match = sameSecret(presented, route == null ? decoy : route.pbx().reportSecret().reveal());
        return match & route != null; // no short cut: both refusals run the same instructions
    }

    /** Every presented character is compared, whatever matched before; the time depends on its length only. */
    static boolean sameSecret(String presented, String expected) {
        int n = presented.length();
        int m = expected.length();
        if (m == 0) {
            return false; // no secret configured: nothing opens
        }
        int diff = n ^ m;
        for (int i = 0; i < n; i++) {
            diff |= presented.charAt(i) ^ expected.charAt(i % m);
        }
        return diff == 0;
    }
}
